# The least a nomad-deployer token needs: find jobs, read them, and submit them back.
# Narrow "*" to the namespaces the deployer should manage; nomad.namespace can then name one of them.
namespace "*" {
  capabilities = ["list-jobs", "read-job", "submit-job"]
}
