variable "name" {
  type = string
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
  default = "Basic"
}

variable "capacity" {
  type    = number
  default = 0
}

resource "azurerm_redis_cache" "this" {
  name                 = var.name
  location             = var.location
  resource_group_name  = var.resource_group_name
  sku_name             = var.sku
  family               = var.sku == "Premium" ? "P" : "C"
  capacity             = var.capacity
  minimum_tls_version  = "1.2"
  non_ssl_port_enabled = false
  tags                 = var.tags
}

output "hostname" {
  value = azurerm_redis_cache.this.hostname
}

output "ssl_port" {
  value = azurerm_redis_cache.this.ssl_port
}

output "primary_access_key" {
  value     = azurerm_redis_cache.this.primary_access_key
  sensitive = true
}

output "primary_connection_string" {
  value     = azurerm_redis_cache.this.primary_connection_string
  sensitive = true
}
