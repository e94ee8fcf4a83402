# Offline demo module: an object bucket simulated with terraform_data.
variable "name" {
  type = string
}

variable "namespace" {
  type = string
}

variable "versioning" {
  type    = bool
  default = false
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

resource "terraform_data" "bucket" {
  input = {
    url        = "https://${var.namespace}.blob.local/${var.name}"
    versioning = var.versioning
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

output "bucket_url" {
  value = terraform_data.bucket.output.url
}

output "access_key" {
  value     = sha256("${terraform_data.bucket.id}/key")
  sensitive = true
}
