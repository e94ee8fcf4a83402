variable "resource_group_name" {
  type    = string
  default = "ade-managed"
}

variable "name" {
  type = string
}

variable "sku" {
  type    = string
  default = "B1"
}

variable "instance_count" {
  type    = number
  default = 1
}

variable "always_on" {
  type    = bool
  default = false
}

variable "admin_token" {
  type      = string
  sensitive = true
}

resource "terraform_data" "app" {
  input = {
    name      = var.name
    sku       = var.sku
    instances = var.instance_count
    always_on = var.always_on
  }
}

output "url" {
  description = "Default host name of the web app."
  value       = "https://${var.name}.azurewebsites.net"
}

output "publish_token" {
  value     = sha256(var.admin_token)
  sensitive = true
}

output "instances" {
  value = var.instance_count
}

output "always_on" {
  value = var.always_on
}

output "settings" {
  value = { sku = var.sku, instances = var.instance_count }
}

output "host_names" {
  value = ["${var.name}.azurewebsites.net", "${var.name}.scm.azurewebsites.net"]
}

output "slot_count" {
  value = length(["production"])
}
