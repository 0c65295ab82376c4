# nomad-deployer as two replicas sharing a PostgreSQL database (docs/high-availability.md): every replica takes
# the registry's notifications, one of them (the lease holder) redeploys, and the other takes over within
# ha.failover when it dies. For a single instance on a SQLite file, see nomad-deployer.nomad.hcl.
#
# Before `nomad job run deploy/nomad-deployer-ha.nomad.hcl`:
#   1. The database and its least-privileged role (a PostgreSQL superuser runs it once):
#        psql -h <db-host> -U postgres -v password="<store password>" -f deploy/postgres-setup.sql
#   2. The deployer's Nomad permissions, bound to this job's workload identity (no token to create or rotate):
#        nomad acl policy apply -namespace default -job nomad-deployer-ha \
#          -description "nomad-deployer" nomad-deployer-ha deploy/nomad-deployer.policy.hcl
#      (Clusters before Nomad 1.7: create a token with that policy and put it in the Variable below as
#      nomad_token, and render it to a secrets file as nomad-deployer.nomad.hcl explains.)
#   3. The secrets in a Nomad Variable only this job can read:
#        nomad var put nomad/jobs/nomad-deployer-ha store_password=<store password> registry_token=<random string>
#   4. The registry notifies every replica (one endpoint each, the same bearer token): each replica stores what it
#      receives, the copies of one event are stored once, and a replica that is down leaves the other endpoint
#      delivering. With Nomad service discovery, list the replicas' addresses, or use one endpoint through a
#      load balancer in front of both (the registry then re-sends to whichever answers).
job "nomad-deployer-ha" {
  type = "service"

  # The deployer follows its own convention: pushing a new tag of its image redeploys it, one replica at a time.
  meta {
    VERSION = "0.1.0"
  }

  group "deployer" {
    count = 2

    # Never both replicas on one host: a host failure must leave one running.
    constraint {
      distinct_hosts = true
    }

    # One replica at a time, and only after the new one reports ready; a failed rollout goes back.
    update {
      max_parallel     = 1
      health_check     = "checks"
      min_healthy_time = "10s"
      healthy_deadline = "2m"
      auto_revert      = true
    }

    network {
      port "http" {
        static = 8000
      }
    }

    service {
      name     = "nomad-deployer"
      port     = "http"
      provider = "nomad"

      # Both replicas are ready when their store and job index are; the follower takes pushes too.
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

      # The task's workload identity is its Nomad token: written to secrets/nomad_token (not the environment,
      # which cannot change under a running process), and read again whenever Nomad rewrites the file.
      identity {
        file = true
      }

      template {
        destination = "secrets/store-password"
        perms       = "0400"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs/nomad-deployer-ha" }}{{ .store_password }}{{ end -}}
        EOT
      }

      template {
        destination = "secrets/registry-token"
        perms       = "0400"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs/nomad-deployer-ha" }}{{ .registry_token }}{{ end -}}
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
            url: jdbc:postgresql://{{ range nomadService "postgres" }}{{ .Address }}:{{ .Port }}{{ end }}/deployer
            user: deployer
            password_file: /secrets/store-password
          ha:
            failover: 10s
          history:
            retention: 720h
        EOT
      }

      # SIGTERM lets in-flight redeploys finish and gives the lease up at once; give it the shutdown timeout plus
      # a margin.
      kill_timeout = "35s"

      resources {
        cpu    = 200
        memory = 256
      }
    }
  }
}
