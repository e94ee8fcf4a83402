# The runner generates the backend; this file only pins the provider the module needs.
terraform {
  required_version = ">= 1.6"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

# Credentials and subscription come from the environment (ARM_SUBSCRIPTION_ID, ARM_CLIENT_ID, ...).
provider "azurerm" {
  features {}
}
