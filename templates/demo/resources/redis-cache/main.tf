# Offline demo module: a Redis cache simulated with terraform_data.
variable "name" {
  type = string
}

variable "namespace" {
  type = string
}

variable "sku" {
  type    = string
  default = "Basic"
}

variable "capacity" {
  type    = number
  default = 1
}

variable "delay_seconds" {
  description = "Seconds the simulated provisioning takes."
  type        = number
  default     = 0
}

variable "fail" {
  description = "Make the apply fail, to exercise failure handling and retries."
  type        = bool
  default     = false
}

resource "terraform_data" "cache" {
  input = {
    hostname = "${var.name}.${var.namespace}.cache.local"
    sku      = var.sku
    capacity = var.capacity
  }

  provisioner "local-exec" {
    command = "sleep \"$DELAY\"; if [ \"$FAIL\" = \"true\" ]; then echo \"simulated failure of $NAME\" >&2; exit 1; fi"
    environment = {
      DELAY = var.delay_seconds
      FAIL  = var.fail
      NAME  = var.name
    }
  }
}

output "hostname" {
  value = terraform_data.cache.output.hostname
}

output "port" {
  value = 6380
}

output "primary_key" {
  value     = sha256("${terraform_data.cache.id}/primary")
  sensitive = true
}

output "connection_string" {
  value     = "${terraform_data.cache.output.hostname}:6380,password=${sha256("${terraform_data.cache.id}/primary")},ssl=True"
  sensitive = true
}
