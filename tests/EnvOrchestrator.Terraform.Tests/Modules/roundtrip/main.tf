# Every input comes back as an output, so outputs can be fed in again as inputs.
variable "text" {
  type = string
}

variable "number" {
  type = number
}

variable "flag" {
  type = bool
}

variable "list" {
  type = list(string)
}

variable "map" {
  type = map(string)
}

variable "nothing" {
  type    = string
  default = null
}

variable "secret" {
  type      = string
  sensitive = true
}

resource "terraform_data" "echo" {
  input = {
    text = var.text
    list = var.list
  }
}

output "text" {
  value = terraform_data.echo.output.text
}

output "number" {
  value = var.number
}

output "flag" {
  value = var.flag
}

output "list" {
  value = terraform_data.echo.output.list
}

output "map" {
  value = var.map
}

output "nothing" {
  value = var.nothing
}

output "secret" {
  value     = var.secret
  sensitive = true
}
