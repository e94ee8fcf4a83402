output "resource_group_name" {
  description = "Resource group holding the product."
  value       = local.resource_group_name
}

output "function_app_name" {
  description = "Name of the Function App: the target of the package publish step."
  value       = azurerm_function_app_flex_consumption.this.name
}

output "function_app_id" {
  description = "Resource id of the Function App."
  value       = azurerm_function_app_flex_consumption.this.id
}

output "app_url" {
  description = "Base URL of the service (API, portal, MCP and the Terraform state backend)."
  value       = "https://${azurerm_function_app_flex_consumption.this.default_hostname}"
}

output "state_backend_url" {
  description = "URL Terraform processes use for the http state backend (EnvOrchestrator__StateBackendUrl)."
  value       = local.state_backend_url
}

output "identity_id" {
  description = "Resource id of the app's user-assigned managed identity."
  value       = azurerm_user_assigned_identity.app.id
}

output "identity_principal_id" {
  description = "Object (principal) id of the app's managed identity: grant it further roles where templates need them."
  value       = azurerm_user_assigned_identity.app.principal_id
}

output "identity_client_id" {
  description = "Client id of the app's managed identity (AZURE_CLIENT_ID, AzureWebJobsStorage__clientId)."
  value       = azurerm_user_assigned_identity.app.client_id
}

output "storage_account_name" {
  description = "Name of the app's storage account (task hub, environments, step logs, Terraform states)."
  value       = azurerm_storage_account.app.name
}

output "deployment_container_url" {
  description = "Blob container the Flex Consumption app runs its package from."
  value       = "${azurerm_storage_account.app.primary_blob_endpoint}${azurerm_storage_container.deployment.name}"
}

output "key_vault_uri" {
  description = "URI of the Key Vault holding the service's secrets."
  value       = azurerm_key_vault.this.vault_uri
}

output "key_encryption_key_secret_id" {
  description = "Versionless id of the key-encryption-key secret (referenced by Secrets__KeyEncryptionKey). The id, not the value."
  value       = azurerm_key_vault_secret.key_encryption_key.versionless_id
}

output "state_backend_signing_key_secret_id" {
  description = "Versionless id of the signing-key secret (referenced by TerraformStateBackend__SigningKey). The id, not the value."
  value       = azurerm_key_vault_secret.state_backend_signing_key.versionless_id
}

output "application_insights_connection_string" {
  description = "Application Insights connection string (ingestion additionally requires Entra ID: local authentication is off)."
  value       = azurerm_application_insights.this.connection_string
  sensitive   = true
}

output "log_analytics_workspace_id" {
  description = "Resource id of the Log Analytics workspace behind Application Insights."
  value       = azurerm_log_analytics_workspace.this.id
}

output "environments_scope_id" {
  description = "Scope where the app's identity holds environments_role_definition_name."
  value       = local.environments_scope_id
}
