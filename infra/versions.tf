terraform {
  # Write-only attributes (the signing key never lands in state or plan) need Terraform 1.11.
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 5.2"
    }

    # Only for what azurerm cannot do on a Flex Consumption app (see function_app.tf): the Key Vault reference
    # identity and an app-settings set without the `AzureWebJobsStorage` connection string azurerm injects.
    azapi = {
      source  = "Azure/azapi"
      version = "~> 2.5"
    }

    # Ephemeral random_password: the generated signing key is written to Key Vault through a write-only attribute.
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }

    # time_sleep: role assignments take a while to reach the data planes (Key Vault, Storage).
    time = {
      source  = "hashicorp/time"
      version = "~> 0.13"
    }
  }
}
