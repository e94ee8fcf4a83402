# Offline demo module: Terraform's built-in terraform_data stands in for a real namespace.
variable "name" {
  description = "Namespace name."
  type        = string
}

variable "labels" {
  description = "Labels put on everything in the namespace."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags of the namespace; the policies' requireTags rules check them on the plan."
  type        = map(string)
  default     = {}
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

resource "terraform_data" "namespace" {
  input = {
    name   = var.name
    labels = var.labels
    # A cloud resource would have a tags attribute; terraform_data's input stands in for its attributes.
    tags = var.tags
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

output "name" {
  description = "The namespace name."
  value       = terraform_data.namespace.output.name
}

output "id" {
  description = "Unique id of the namespace."
  value       = terraform_data.namespace.id
}
