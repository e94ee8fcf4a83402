# A resource whose creation takes sleep_seconds (a local-exec child Terraform orphans when interrupted).
variable "sleep_seconds" {
  type = number
}

variable "marker" {
  type    = string
  default = "none"
}

resource "terraform_data" "slow" {
  input = var.marker

  provisioner "local-exec" {
    command = "sleep ${var.sleep_seconds}"
  }
}

output "marker" {
  value = terraform_data.slow.output
}
