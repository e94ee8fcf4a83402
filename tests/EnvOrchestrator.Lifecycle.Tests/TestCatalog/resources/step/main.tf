variable "name" {
  type = string
}

variable "after" {
  type    = string
  default = ""
}

variable "delay_seconds" {
  type    = number
  default = 0
}

variable "fail_file" {
  type    = string
  default = ""
}

variable "fail_destroy_file" {
  type    = string
  default = ""
}

resource "terraform_data" "step" {
  input = {
    name  = var.name
    after = var.after
    # A destroy-time provisioner sees only self: the switch travels in the input.
    fail_destroy_file = var.fail_destroy_file
  }

  provisioner "local-exec" {
    when    = destroy
    command = "if [ -n \"$FAIL_FILE\" ] && [ -e \"$FAIL_FILE\" ]; then echo \"simulated destroy failure\" >&2; exit 1; fi"
    environment = {
      FAIL_FILE = self.input.fail_destroy_file
    }
  }

  provisioner "local-exec" {
    command = "sleep \"$DELAY\"; if [ -n \"$FAIL_FILE\" ] && [ -e \"$FAIL_FILE\" ]; then echo \"simulated failure of $NAME\" >&2; exit 1; fi"
    environment = {
      DELAY     = var.delay_seconds
      FAIL_FILE = var.fail_file
      NAME      = var.name
    }
  }
}

output "id" {
  value = "${var.name}#${terraform_data.step.id}"
}
