# Copy to e.g. prod.tfvars (ignored by git) and adjust. Only location, name and resource_group_name are required.

subscription_id     = "00000000-0000-0000-0000-000000000000"
location            = "westeurope"
name                = "envorch-prod"
resource_group_name = "rg-envorch-prod"

tags = {
  owner       = "platform-team"
  cost-center = "1234"
}

# Environments are created in this subscription (per-environment resource groups need a subscription scope).
environments_scope_id             = "/subscriptions/00000000-0000-0000-0000-000000000000"
environments_role_definition_name = "Contributor"

dotnet_version         = "10.0"
instance_memory_mb     = 2048
maximum_instance_count = 40
always_ready_instances = 1

terraform_path      = "/home/site/wwwroot/tools/terraform"
terraform_work_root = "/tmp/envorch-runs"

key_vault_purge_protection_enabled = true
log_retention_days                 = 30

app_settings = {
  "Lifecycle__ApplyMaxAttempts" = "3"
}
