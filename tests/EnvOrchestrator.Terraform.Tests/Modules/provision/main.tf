# One resource whose create-time provisioner is in flight when the service dies: it waits until the test creates
# go_file, then appends "made" to trace_file. Terraform taints a resource whose provisioner a stop interrupted.
variable "trace_file" {
  type = string
}

variable "go_file" {
  type = string
}

resource "terraform_data" "made" {
  provisioner "local-exec" {
    command = "echo waiting >> \"$TRACE.wait\"; while [ ! -f \"$GO\" ]; do sleep 0.1; done; echo made >> \"$TRACE\""
    environment = {
      TRACE = var.trace_file
      GO    = var.go_file
    }
  }
}
