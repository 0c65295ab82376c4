# nomad-deployer running on the Nomad cluster it deploys to.
#
# Before `nomad job run deploy/nomad-deployer.nomad.hcl`:
#   1. An ACL policy and token for the deployer (see README, "Nomad ACL policy"):
#        nomad acl policy apply -description "nomad-deployer" nomad-deployer deploy/nomad-deployer.policy.hcl
#        nomad acl token create -name nomad-deployer -policy nomad-deployer -type client
#   2. The secrets in a Nomad Variable this job (and only this job) can read:
#        nomad var put nomad/jobs/nomad-deployer nomad_token=<SecretID> registry_token=<random string>
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

      # Secrets go to the task's secrets dir (tmpfs, not readable by other tasks), never into the rendered config.
      template {
        destination = "secrets/nomad-token"
        perms       = "0400"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs/nomad-deployer" }}{{ .nomad_token }}{{ end -}}
        EOT
      }

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
            token_file: /secrets/nomad-token
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
