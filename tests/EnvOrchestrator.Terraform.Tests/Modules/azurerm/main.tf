# Needs a provider that cannot be downloaded on this machine.
terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

resource "azurerm_resource_group" "rg" {
  name     = "rg-test"
  location = "westeurope"
}
