variable "value" {
  type = string
}

resource "terraform_data" "item" {
  input = var.value
}

output "value" {
  value = terraform_data.item.output
}
