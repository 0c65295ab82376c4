# nomad-deployer running on the Nomad cluster it deploys to.
#
# One instance on a SQLite file on a host volume; for two replicas on PostgreSQL see nomad-deployer-ha.nomad.hcl.
#
# Before `nomad job run deploy/nomad-deployer.nomad.hcl`:
#   1. The deployer's Nomad permissions (README, "Nomad ACL policy"), bound to this job's workload identity, so
#      there is no token to create, store or rotate:
#        nomad acl policy apply -namespace default -job nomad-deployer \
#          -description "nomad-deployer" nomad-deployer deploy/nomad-deployer.policy.hcl
#      Clusters before Nomad 1.7 (no workload identity for the API): create a token instead,
#        nomad acl token create -name nomad-deployer -policy nomad-deployer -type client
#      put its SecretID in the Variable below as nomad_token, replace the identity block with a template that
#      renders {{ .nomad_token }} to secrets/nomad-token, and point nomad.token_file at that file.
#   2. The secrets in a Nomad Variable this job (and only this job) can read:
#        nomad var put nomad/jobs/nomad-deployer registry_token=<random string>
#   3. The registry's config.yml points its notifications at this service (Consul DNS shown; a static
#      address works as well) and sends the same bearer token:
#        notifications:
#          endpoints:
#            - name: nomad-deployer
#              url: http://nomad-deployer.service.consul:8000/registry/callback
#              headers:
#                Authorization: [Bearer <registry_token>]
#              timeout: 2s
#              threshold: 3
#              backoff: 5s
job "nomad-deployer" {
  type = "service"

  # The deployer follows its own convention: pushing a new tag of its image redeploys it (gracefully).
  meta {
    VERSION = "0.1.0"
  }

  group "deployer" {
    count = 1 # one writer per store file; the store lives on the host volume below

    network {
      port "http" {
        static = 8000
      }
    }

    volume "store" {
      type   = "host"
      source = "nomad-deployer" # client config: host_volume "nomad-deployer" { path = "/var/lib/nomad-deployer" }
    }

    service {
      name     = "nomad-deployer"
      port     = "http"
      provider = "nomad"

      # /ready, not /health: an instance whose store is full, damaged or replaced is reported unhealthy with
      # the reason, while it keeps running (and answering 503 to the registry, which re-sends).
      check {
        type     = "http"
        path     = "/ready"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "deployer" {
      driver = "docker"

      config {
        image = "registry.service.consul:5000/tools/nomad-deployer:${NOMAD_META_VERSION}"
        ports = ["http"]
        args  = ["--config", "/local/deployer.yml"]
      }

      volume_mount {
        volume      = "store"
        destination = "/var/lib/nomad-deployer"
      }

      # The task's workload identity is its Nomad token: written to secrets/nomad_token (not the environment,
      # which cannot change under a running process), and read again whenever Nomad rewrites the file.
      identity {
        file = true
      }

      # Secrets go to the task's secrets dir (tmpfs, not readable by other tasks), never into the rendered config.

      template {
        destination = "secrets/registry-token"
        perms       = "0400"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs/nomad-deployer" }}{{ .registry_token }}{{ end -}}
        EOT
      }

      template {
        destination   = "local/deployer.yml"
        change_mode   = "signal"
        change_signal = "SIGTERM"
        data          = <<-EOT
          log:
            level: info
            format: json
          server:
            address: 0.0.0.0:8000
            shutdown:
              timeout: 30s
          nomad:
            url: http://{{ env "attr.unique.network.ip-address" }}:4646
            token_file: /secrets/nomad_token
            namespace: "*"
          registry:
            hosts: [registry.service.consul:5000]
            auth:
              token_file: /secrets/registry-token
          store:
            path: /var/lib/nomad-deployer/nomad-deployer.db
          history:
            retention: 720h
        EOT
      }

      # SIGTERM lets in-flight redeploys finish; give it the shutdown timeout plus a margin.
      kill_timeout = "35s"

      # The image runs the JVM with config/jvm.options (fixed 64 MB heap, serial GC, C1 only, capped metaspace
      # and code cache: docs/memory.md), which keeps it well under 200 MB resident; 256 MB leaves a margin, so
      # the kernel's OOM killer never meets a healthy deployer.
      resources {
        cpu    = 200
        memory = 256
      }
    }
  }
}
