# Offline demo module: a load balancer simulated with terraform_data.
variable "name" {
  type = string
}

variable "namespace" {
  type = string
}

variable "backends" {
  type    = map(string)
  default = {}
}

variable "cache_connection" {
  type      = string
  default   = ""
  sensitive = true
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

resource "terraform_data" "lb" {
  input = {
    url      = "https://${var.name}.${var.namespace}.apps.local"
    backends = var.backends
  }

  triggers_replace = [sha256(var.cache_connection)]

  provisioner "local-exec" {
    command = "sleep \"$DELAY\"; if [ \"$FAIL\" = \"true\" ]; then echo \"simulated failure of $NAME\" >&2; exit 1; fi"
    environment = {
      DELAY = var.delay_seconds
      FAIL  = var.fail
      NAME  = var.name
    }
  }
}

output "public_url" {
  value = terraform_data.lb.output.url
}

output "ip_address" {
  value = "10.0.0.${parseint(substr(sha256(terraform_data.lb.id), 0, 2), 16)}"
}
