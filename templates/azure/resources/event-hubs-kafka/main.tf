variable "namespace_name" {
  type = string
}

variable "hub_name" {
  type    = string
  default = "events"
}

variable "resource_group_name" {
  description = "Resource group to create the resources in."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
  default     = "westeurope"
}

variable "tags" {
  description = "Tags put on every resource."
  type        = map(string)
  default     = {}
}

variable "sku" {
  type    = string
  default = "Standard"
}

variable "partition_count" {
  type    = number
  default = 2
}

resource "azurerm_eventhub_namespace" "this" {
  name                = var.namespace_name
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = var.sku
  capacity            = 1
  tags                = var.tags
}

resource "azurerm_eventhub" "this" {
  name              = var.hub_name
  namespace_id      = azurerm_eventhub_namespace.this.id
  partition_count   = var.partition_count
  message_retention = 1
}

output "namespace_id" {
  value = azurerm_eventhub_namespace.this.id
}

output "hub_name" {
  value = azurerm_eventhub.this.name
}

output "kafka_endpoint" {
  value = "${azurerm_eventhub_namespace.this.name}.servicebus.windows.net:9093"
}

output "connection_string" {
  value     = azurerm_eventhub_namespace.this.default_primary_connection_string
  sensitive = true
}
