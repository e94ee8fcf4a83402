variable "tags" {
  type    = map(string)
  default = {}
}

variable "regions" {
  type    = list(string)
  default = ["westeurope"]
}

resource "terraform_data" "sandbox" {
  input = var.tags
}

output "id" {
  value = terraform_data.sandbox.id
}
