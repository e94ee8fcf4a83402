resource "azurerm_log_analytics_workspace" "this" {
  name                = "log-${var.name}"
  location            = var.location
  resource_group_name = local.resource_group_name
  tags                = local.tags

  sku               = "PerGB2018"
  retention_in_days = var.log_retention_days
  daily_quota_gb    = var.log_daily_quota_gb
}

# Workspace-based Application Insights; ingestion with Entra ID only (the app's identity holds Monitoring Metrics
# Publisher and the app sets APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
resource "azurerm_application_insights" "this" {
  name                = "appi-${var.name}"
  location            = var.location
  resource_group_name = local.resource_group_name
  tags                = local.tags

  application_type             = "web"
  workspace_id                 = azurerm_log_analytics_workspace.this.id
  local_authentication_enabled = false
}
