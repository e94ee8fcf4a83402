data "azurerm_client_config" "current" {}

data "azurerm_subscription" "current" {}

resource "azurerm_resource_group" "this" {
  count = var.create_resource_group ? 1 : 0

  name     = var.resource_group_name
  location = var.location
  tags     = var.tags
}

data "azurerm_resource_group" "existing" {
  count = var.create_resource_group ? 0 : 1

  name = var.resource_group_name
}

locals {
  resource_group_name = var.create_resource_group ? azurerm_resource_group.this[0].name : data.azurerm_resource_group.existing[0].name

  # Globally unique names get a short, stable hash: the same inputs always give the same names, nothing random in state.
  suffix     = substr(sha1("${data.azurerm_client_config.current.subscription_id}/${var.resource_group_name}/${var.name}"), 0, 6)
  name_alnum = replace(var.name, "-", "")

  function_app_name    = coalesce(var.function_app_name, "func-${var.name}-${local.suffix}")
  storage_account_name = coalesce(var.storage_account_name, "st${substr(local.name_alnum, 0, 16)}${local.suffix}")
  key_vault_name       = coalesce(var.key_vault_name, "kv-${trimsuffix(substr(var.name, 0, 14), "-")}-${local.suffix}")

  environments_scope_id = coalesce(var.environments_scope_id, data.azurerm_subscription.current.id)

  tags = var.tags
}
