# The one identity the app runs as: host storage, the service's own storage, Key Vault references, Application
# Insights ingestion, and the Azure resources its Terraform templates create.
resource "azurerm_user_assigned_identity" "app" {
  name                = "id-${var.name}"
  location            = var.location
  resource_group_name = local.resource_group_name
  tags                = local.tags
}

# Storage: the Functions host (AzureWebJobsStorage: blob leases and keys, queues for scaling), the Durable Task hub
# (tables, queues, blobs), the service's environment tables and step-log blobs, the Terraform state blobs, and the
# deployment package container. Blob Data Owner (not Contributor) because the host manages blob leases and the
# state backend uses leases as locks.
resource "azurerm_role_assignment" "app_storage" {
  for_each = toset([
    "Storage Blob Data Owner",
    "Storage Queue Data Contributor",
    "Storage Table Data Contributor",
  ])

  scope                = azurerm_storage_account.app.id
  role_definition_name = each.value
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

# Key Vault references (@Microsoft.KeyVault(...)) resolve with this identity.
resource "azurerm_role_assignment" "app_key_vault" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

# Application Insights has local (key) authentication off: telemetry is sent with Entra ID.
resource "azurerm_role_assignment" "app_monitoring" {
  scope                = azurerm_application_insights.this.id
  role_definition_name = "Monitoring Metrics Publisher"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

# Where environments are created: the templates' Terraform runs as this identity.
resource "azurerm_role_assignment" "app_environments" {
  scope                = local.environments_scope_id
  role_definition_name = var.environments_role_definition_name
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

# The principal running this configuration writes the signing key to the vault (RBAC vaults grant nothing to their
# creator).
resource "azurerm_role_assignment" "deployer_key_vault" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

# Role assignments take minutes to reach the Key Vault and Storage data planes; without the wait the first apply
# fails with 403 writing the secret, and the app's first start fails to reach storage.
resource "time_sleep" "rbac_propagation" {
  create_duration = var.rbac_propagation_wait

  triggers = {
    app_storage      = join(",", [for a in azurerm_role_assignment.app_storage : a.id])
    app_key_vault    = azurerm_role_assignment.app_key_vault.id
    app_monitoring   = azurerm_role_assignment.app_monitoring.id
    deployer_secrets = azurerm_role_assignment.deployer_key_vault.id
  }
}
