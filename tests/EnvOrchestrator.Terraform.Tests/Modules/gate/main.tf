# A resource whose creation holds the apply (and its state lock) until the test creates gate_file: no timing.
# The wait gives up after two minutes, so a failed test never leaves the loop running.
variable "gate_file" {
  type = string
}

variable "marker" {
  type    = string
  default = "none"
}

resource "terraform_data" "held" {
  input = var.marker

  provisioner "local-exec" {
    command = "i=0; while [ ! -e \"$GATE\" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done"
    environment = {
      GATE = var.gate_file
    }
  }
}
