# The same settings as deployer.yaml, .json, .toml and .properties next to this file.
log {
  level  = "debug"
  format = "json"
}

server {
  address = "127.0.0.1:9000"
  timeout {
    read  = "2s"
    write = "1m30s"
  }
  shutdown { timeout = "45s" }
  log { requests = false }
  allowed_networks = ["10.0.0.0/8", "192.168.1.7/32"]
  max_body_bytes   = 2097152
}

nomad {
  url       = "https://nomad.example.com:4646"
  token     = "s3cr3t-nomad-token"
  namespace = "prod"
  region    = "eu"
  tls {
    server_name = "nomad.service.consul"
    skip_verify = true
  }
  timeout = "1.5s"
}

registry {
  hosts = ["registry:5000", "registry.example.com"]
  auth {
    token    = "s3cr3t-hook-token"
    username = "hook"
    password = "s3cr3t-pass"
  }
}

store {
  path = "data/deployer.db"
  url  = "jdbc:sqlite:/var/lib/nomad-deployer/deployer.db"
}

history { retention = "168h" }

deploy {
  concurrency      = 8
  conflict_retries = 3
  retry {
    initial = "500ms"
    max     = "2m"
  }
}

discovery { refresh = "1m" }

jobs = {
  "team/app"    = ["job-a", "job-b"]
  "team/worker" = ["worker"]
}
