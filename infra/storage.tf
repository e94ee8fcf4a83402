# The app's one storage account: the Functions host, the Durable Task hub, environments/runs/step logs, Terraform
# state and the deployment package. Entra ID only: no account keys, no SAS, no anonymous blobs.
resource "azurerm_storage_account" "app" {
  name                = local.storage_account_name
  resource_group_name = local.resource_group_name
  location            = var.location
  tags                = local.tags

  account_kind             = "StorageV2"
  account_tier             = "Standard"
  account_replication_type = var.storage_replication_type

  shared_access_key_enabled        = false
  default_to_oauth_authentication  = true
  min_tls_version                  = "TLS1_2"
  https_traffic_only_enabled       = true
  allow_nested_items_to_be_public  = false
  public_network_access_enabled    = var.public_network_access_enabled
  cross_tenant_replication_enabled = false
  local_user_enabled               = false
  sftp_enabled                     = false

  blob_properties {
    # Terraform states are blobs here: a deleted state or container can be recovered for a week.
    delete_retention_policy {
      days = 7
    }

    container_delete_retention_policy {
      days = 7
    }
  }
}

# The Flex Consumption app's deployment package lives in its own container (the app reads it with its identity).
resource "azurerm_storage_container" "deployment" {
  name                  = "app-package"
  storage_account_id    = azurerm_storage_account.app.id
  container_access_type = "private"
}
