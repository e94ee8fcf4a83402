# Offline demo module: a message queue simulated with terraform_data.
variable "name" {
  type = string
}

variable "namespace" {
  type = string
}

variable "partitions" {
  type    = number
  default = 2
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

resource "terraform_data" "queue" {
  input = {
    endpoint   = "${var.name}.${var.namespace}.queue.local:9093"
    queue_name = var.name
    partitions = var.partitions
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

output "endpoint" {
  value = terraform_data.queue.output.endpoint
}

output "queue_name" {
  value = terraform_data.queue.output.queue_name
}

output "connection_string" {
  value     = "Endpoint=sb://${terraform_data.queue.output.endpoint}/;SharedAccessKey=${sha256(terraform_data.queue.id)}"
  sensitive = true
}
