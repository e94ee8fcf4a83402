# Two resources with a slow read between them, standing for a provider call in flight when the service dies:
# Terraform waits for an in-flight call after an interrupt, keeps `first` (created, not tainted) and stops before
# `second`. The read is held by the test's gate server; each create appends its name to trace_file.
variable "trace_file" {
  type = string
}

variable "gate_address" {
  type = string
}

resource "terraform_data" "first" {
  provisioner "local-exec" {
    command = "echo first >> \"$TRACE\""
    environment = {
      TRACE = var.trace_file
    }
  }
}

data "terraform_remote_state" "gate" {
  backend    = "http"
  config     = { address = var.gate_address }
  depends_on = [terraform_data.first]
}

resource "terraform_data" "second" {
  depends_on = [data.terraform_remote_state.gate]

  provisioner "local-exec" {
    command = "echo second >> \"$TRACE\""
    environment = {
      TRACE = var.trace_file
    }
  }
}
