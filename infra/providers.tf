provider "azurerm" {
  subscription_id = var.subscription_id

  # The storage account has shared keys off: the provider must reach its data plane with Entra ID too.
  storage_use_azuread = true

  features {
    key_vault {
      # Never purge a vault or its secrets on destroy: the signing key protects every Terraform state.
      purge_soft_delete_on_destroy          = false
      purge_soft_deleted_secrets_on_destroy = false
      recover_soft_deleted_key_vaults       = true
      recover_soft_deleted_secrets          = true
    }

    resource_group {
      # A resource group created here is only deleted when empty (environments may live elsewhere, but be safe).
      prevent_deletion_if_contains_resources = true
    }
  }
}

provider "azapi" {
  subscription_id = var.subscription_id
}
