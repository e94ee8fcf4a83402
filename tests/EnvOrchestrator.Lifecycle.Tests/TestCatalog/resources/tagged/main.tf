# A taggable test resource: terraform_data's input stands in for a cloud resource's attributes, tags included.
variable "name" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "seed_tag" {
  description = "When set, a tag of this name whose value is only known after apply."
  type        = string
  default     = ""
}

resource "terraform_data" "seed" {
  input = var.name
}

resource "terraform_data" "box" {
  input = {
    name = var.name
    # The demo catalog's mandatory guardrails require an environment tag on every taggable resource.
    tags = merge({ environment = var.name }, var.tags, var.seed_tag == "" ? {} : { (var.seed_tag) = terraform_data.seed.id })
  }
}

output "id" {
  value = terraform_data.box.id
}
