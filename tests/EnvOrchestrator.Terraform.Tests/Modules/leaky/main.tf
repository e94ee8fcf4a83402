# A careless template: prints a sensitive input through nonsensitive(), and returns it in an output marked sensitive.
variable "secret" {
  type      = string
  sensitive = true
}

resource "terraform_data" "leak" {
  input = sensitive("attribute-${var.secret}")

  provisioner "local-exec" {
    command = "echo leaked=${nonsensitive(var.secret)}"
  }
}

output "secret_copy" {
  value     = var.secret
  sensitive = true
}

output "visible" {
  value = "plain-value"
}
