resource "azurerm_service_plan" "this" {
  name                = "asp-${var.name}"
  location            = var.location
  resource_group_name = local.resource_group_name
  tags                = local.tags

  os_type  = "Linux"
  sku_name = "FC1"
}

locals {
  # The settings the service reads (configuration keys; '__' separates sections). Storage is reached by account name
  # or endpoint with the app's managed identity; nothing here is a secret.
  app_settings_base = merge(
    {
      # Functions host storage (and the Durable extension's default connection), identity-based.
      "AzureWebJobsStorage__accountName" = azurerm_storage_account.app.name
      "AzureWebJobsStorage__credential"  = "managedidentity"
      "AzureWebJobsStorage__clientId"    = azurerm_user_assigned_identity.app.client_id

      # DefaultAzureCredential in the service's own code picks the user-assigned identity from this variable.
      "AZURE_CLIENT_ID" = azurerm_user_assigned_identity.app.client_id

      # Application Insights ingestion with Entra ID (local authentication is off).
      "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" = "Authorization=AAD;ClientId=${azurerm_user_assigned_identity.app.client_id}"

      # EnvOrchestrator.TaskHub (TaskHubOptions): account name + DefaultAzureCredential.
      "TaskHub__AccountName" = azurerm_storage_account.app.name
      "TaskHub__TaskHubName" = var.task_hub_name

      # EnvOrchestrator.Storage (EnvironmentStorageOptions): endpoints for the credential-based clients.
      "Storage__Environments__TableEndpoint" = azurerm_storage_account.app.primary_table_endpoint
      "Storage__Environments__BlobEndpoint"  = azurerm_storage_account.app.primary_blob_endpoint

      # EnvOrchestrator.StateBackend (TerraformStateBackendOptions): the signing key from Key Vault. Versionless, so a
      # rotated key is picked up without touching this setting.
      "TerraformStateBackend__SigningKey"   = "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.state_backend_signing_key.versionless_id})"
      "TerraformStateBackend__BlobEndpoint" = azurerm_storage_account.app.primary_blob_endpoint

      # EnvOrchestrator.Secrets (SecretsOptions): the key-encryption key of the key ring, outside the storage account.
      "Secrets__KeyEncryptionKey" = "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.key_encryption_key.versionless_id})"
      "Secrets__BlobEndpoint"     = azurerm_storage_account.app.primary_blob_endpoint

      # EnvOrchestrator.Terraform (TerraformRunnerOptions): the binary shipped in the package; runs on local disk.
      "Terraform__TerraformPath" = var.terraform_path
      "Terraform__WorkRoot"      = var.terraform_work_root

      # Per-environment resource groups (templates with spec.resourceGroup) in the environments' subscription.
      "ResourceGroups__SubscriptionId" = split("/", local.environments_scope_id)[2]

      # Never start Azurite on Azure.
      "EnvOrchestrator__Emulator__AutoStart" = "false"
    },
    var.terraform_provider_mirror == null ? {} : { "Terraform__ProviderMirrorDirectory" = var.terraform_provider_mirror },
    var.catalog_path == null ? {} : { "EnvOrchestrator__CatalogPath" = var.catalog_path },
  )
}

resource "azurerm_function_app_flex_consumption" "this" {
  name                = local.function_app_name
  location            = var.location
  resource_group_name = local.resource_group_name
  service_plan_id     = azurerm_service_plan.this.id
  tags                = local.tags

  runtime_name           = "dotnet-isolated"
  runtime_version        = var.dotnet_version
  instance_memory_in_mb  = var.instance_memory_mb
  maximum_instance_count = var.maximum_instance_count

  dynamic "always_ready" {
    for_each = var.always_ready_instances > 0 ? [1] : []

    content {
      name           = "http"
      instance_count = var.always_ready_instances
    }
  }

  # The zip package is read from this container with the app's identity (no connection string).
  storage_container_type            = "blobContainer"
  storage_container_endpoint        = "${azurerm_storage_account.app.primary_blob_endpoint}${azurerm_storage_container.deployment.name}"
  storage_authentication_type       = "UserAssignedIdentity"
  storage_user_assigned_identity_id = azurerm_user_assigned_identity.app.id

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.app.id]
  }

  https_only                                     = true
  public_network_access_enabled                  = var.public_network_access_enabled
  webdeploy_publish_basic_authentication_enabled = false

  site_config {
    application_insights_connection_string = azurerm_application_insights.this.connection_string
    minimum_tls_version                    = "1.2"
    scm_minimum_tls_version                = "1.2"
    http2_enabled                          = true
  }

  # Only used at creation: the full set, including the state backend URL that needs this app's host name, is written
  # by azapi_resource_action.app_settings below, which owns the settings from then on.
  app_settings = local.app_settings_base

  lifecycle {
    ignore_changes = [app_settings]
  }

  depends_on = [time_sleep.rbac_propagation]
}

# azurerm cannot set the Key Vault reference identity on a Flex Consumption app (no key_vault_reference_identity_id
# argument on azurerm_function_app_flex_consumption); without it the references would use a system-assigned identity
# the app does not have.
resource "azapi_update_resource" "key_vault_reference_identity" {
  type        = "Microsoft.Web/sites@2024-04-01"
  resource_id = azurerm_function_app_flex_consumption.this.id

  body = {
    properties = {
      keyVaultReferenceIdentity = azurerm_user_assigned_identity.app.id
    }
  }
}

locals {
  state_backend_url = "https://${azurerm_function_app_flex_consumption.this.default_hostname}${var.state_backend_path}"

  app_settings = merge(
    local.app_settings_base,
    {
      "APPLICATIONINSIGHTS_CONNECTION_STRING" = azurerm_application_insights.this.connection_string

      # Terraform processes reach the state backend at the app's own public URL (any instance can serve it).
      "EnvOrchestrator__StateBackendUrl" = local.state_backend_url
    },
    var.app_settings,
  )
}

# Replaces the app's whole settings dictionary. azurerm_function_app_flex_consumption always adds an
# `AzureWebJobsStorage` connection string (with an empty AccountKey) even when storage is reached with a managed
# identity (hashicorp/terraform-provider-azurerm#29693, #30732, #33211; fix pending in #29099); the host would try it
# before the identity-based `AzureWebJobsStorage__*` settings. A PUT of the full set removes it. It runs again whenever
# the settings change or the app itself is updated (an update re-adds the connection string).
resource "azapi_resource_action" "app_settings" {
  type        = "Microsoft.Web/sites/config@2024-04-01"
  resource_id = "${azurerm_function_app_flex_consumption.this.id}/config/appsettings"
  method      = "PUT"

  body = {
    properties = local.app_settings
  }

  lifecycle {
    replace_triggered_by = [
      azurerm_function_app_flex_consumption.this,
      azapi_update_resource.key_vault_reference_identity,
    ]
  }

  depends_on = [azapi_update_resource.key_vault_reference_identity]
}
