# ---------------------------------------------------------------------------------------------------------------------
# Where
# ---------------------------------------------------------------------------------------------------------------------

variable "subscription_id" {
  type        = string
  description = "Subscription the product is deployed to. Null falls back to ARM_SUBSCRIPTION_ID or the Azure CLI's default subscription."
  default     = null

  validation {
    condition     = var.subscription_id == null || can(regex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", var.subscription_id))
    error_message = "subscription_id must be a subscription GUID."
  }
}

variable "location" {
  type        = string
  description = "Azure region of every resource, e.g. \"westeurope\". It must offer the Flex Consumption plan."

  validation {
    condition     = can(regex("^[a-z0-9]+$", var.location))
    error_message = "location must be a region name in lower case without spaces, e.g. \"westeurope\"."
  }
}

variable "name" {
  type        = string
  description = "Base of every resource name (3-20 lower-case letters, digits or single hyphens), e.g. \"envorch-prod\". A short hash of subscription, resource group and name is appended where Azure needs globally unique names."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 3-20 characters: lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "resource_group_name" {
  type        = string
  description = "Resource group that holds the product. Created when create_resource_group is true, else it must exist."

  validation {
    condition     = can(regex("^[-\\w\\._\\(\\)]{1,90}$", var.resource_group_name)) && !endswith(var.resource_group_name, ".")
    error_message = "resource_group_name must be 1-90 letters, digits, '-', '_', '.', '(' or ')', not ending with '.'."
  }
}

variable "create_resource_group" {
  type        = bool
  description = "Create resource_group_name (true) or deploy into an existing resource group of that name (false)."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags applied to every resource created here."
  default     = {}
}

# ---------------------------------------------------------------------------------------------------------------------
# Names (optional overrides of the generated ones)
# ---------------------------------------------------------------------------------------------------------------------

variable "function_app_name" {
  type        = string
  description = "Name of the Function App (globally unique, it becomes the host name). Null: func-<name>-<hash>."
  default     = null

  validation {
    condition     = var.function_app_name == null || can(regex("^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$", var.function_app_name))
    error_message = "function_app_name must be 2-32 lower-case letters, digits or hyphens (longer names risk host ID collisions)."
  }
}

variable "storage_account_name" {
  type        = string
  description = "Name of the app's storage account (globally unique). Null: st<name without hyphens><hash>."
  default     = null

  validation {
    condition     = var.storage_account_name == null || can(regex("^[a-z0-9]{3,24}$", var.storage_account_name))
    error_message = "storage_account_name must be 3-24 lower-case letters or digits."
  }
}

variable "key_vault_name" {
  type        = string
  description = "Name of the Key Vault (globally unique). Null: kv-<name>-<hash>."
  default     = null

  validation {
    condition     = var.key_vault_name == null || (can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", var.key_vault_name)) && !strcontains(coalesce(var.key_vault_name, "x"), "--"))
    error_message = "key_vault_name must be 3-24 letters, digits or single hyphens, starting with a letter and ending with a letter or digit."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Function App (Flex Consumption)
# ---------------------------------------------------------------------------------------------------------------------

variable "dotnet_version" {
  type        = string
  description = "dotnet-isolated runtime version of the Flex Consumption app. The Functions project targets net10.0, so keep \"10.0\" unless the project's TargetFramework changes with it."
  default     = "10.0"

  validation {
    condition     = contains(["8.0", "9.0", "10.0"], var.dotnet_version)
    error_message = "dotnet_version must be one of \"8.0\", \"9.0\", \"10.0\"."
  }
}

variable "instance_memory_mb" {
  type        = number
  description = "Memory per Flex Consumption instance. Every Terraform process needs about 60 MB, plus its providers (azurerm: a few hundred MB)."
  default     = 2048

  validation {
    condition     = contains([512, 2048, 4096], var.instance_memory_mb)
    error_message = "instance_memory_mb must be 512, 2048 or 4096."
  }
}

variable "maximum_instance_count" {
  type        = number
  description = "Most instances the app scales out to."
  default     = 40

  validation {
    condition     = var.maximum_instance_count >= 1 && var.maximum_instance_count <= 1000 && floor(var.maximum_instance_count) == var.maximum_instance_count
    error_message = "maximum_instance_count must be a whole number from 1 to 1000."
  }
}

variable "always_ready_instances" {
  type        = number
  description = "Instances kept warm for the HTTP functions (the \"http\" always-ready group): 0 lets the app scale to zero, 1 avoids cold starts for the API and the state backend. Always-ready instances are billed while idle."
  default     = 0

  validation {
    condition     = var.always_ready_instances >= 0 && var.always_ready_instances <= 20 && floor(var.always_ready_instances) == var.always_ready_instances
    error_message = "always_ready_instances must be a whole number from 0 to 20."
  }
}

variable "task_hub_name" {
  type        = string
  description = "Durable Task hub name (setting TaskHub__TaskHubName): names the hub's tables, queues and containers. Do not change it for a running deployment: orchestrations in the old hub are left behind."
  default     = "envorch"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9]{2,44}$", var.task_hub_name))
    error_message = "task_hub_name must be 3-45 letters or digits, starting with a letter."
  }
}

variable "state_backend_path" {
  type        = string
  description = "Path of the Terraform http state backend on the app's own host; EnvOrchestrator__StateBackendUrl becomes https://<default host name><path>. Both hosts map it at \"/tfstate\" (the Functions app has no HTTP route prefix)."
  default     = "/tfstate"

  validation {
    condition     = can(regex("^/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$", var.state_backend_path))
    error_message = "state_backend_path must start with '/' and not end with '/'."
  }
}

variable "terraform_path" {
  type        = string
  description = "Path of the terraform executable inside the deployed package (setting Terraform__TerraformPath). The package is mounted read-only at /home/site/wwwroot."
  default     = "/home/site/wwwroot/tools/terraform"

  validation {
    condition     = startswith(var.terraform_path, "/")
    error_message = "terraform_path must be an absolute path."
  }
}

variable "terraform_work_root" {
  type        = string
  description = "Parent of the per-run Terraform working directories (setting Terraform__WorkRoot). Must be writable: the package mount is read-only, /tmp is the instance's local disk."
  default     = "/tmp/envorch-runs"

  validation {
    condition     = startswith(var.terraform_work_root, "/")
    error_message = "terraform_work_root must be an absolute path."
  }
}

variable "terraform_provider_mirror" {
  type        = string
  description = "Unpacked provider mirror inside the package (setting Terraform__ProviderMirrorDirectory), e.g. \"/home/site/wwwroot/tools/providers\". Null: Terraform downloads providers from the public registry on every init."
  default     = null

  validation {
    condition     = var.terraform_provider_mirror == null || startswith(coalesce(var.terraform_provider_mirror, "/"), "/")
    error_message = "terraform_provider_mirror must be an absolute path or null."
  }
}

variable "catalog_path" {
  type        = string
  description = "Catalog folder the service loads (setting EnvOrchestrator__CatalogPath), relative to the package root or absolute. Null keeps the service's default (templates/demo)."
  default     = null
}

variable "app_settings" {
  type        = map(string)
  description = "Further app settings merged over the generated ones (e.g. Lifecycle__ApplyMaxAttempts, TaskHub__PartitionCount). Keys use '__' for configuration sections. Do not put secrets here: add them to the vault and use a @Microsoft.KeyVault(...) reference."
  default     = {}

  validation {
    condition     = !contains(keys(var.app_settings), "AzureWebJobsStorage")
    error_message = "AzureWebJobsStorage must not be set: the app reaches storage by account name and managed identity."
  }
}

variable "public_network_access_enabled" {
  type        = bool
  description = "Whether the Function App, storage account and Key Vault accept traffic from public networks. Turning it off needs private endpoints and VNet integration, which this configuration does not create."
  default     = true
}

# ---------------------------------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------------------------------

variable "environments_scope_id" {
  type        = string
  description = "Scope where the service creates environments: a subscription (/subscriptions/<id>) or resource group (/subscriptions/<id>/resourceGroups/<name>) id. Null: the subscription deployed to. Per-environment resource groups (templates with spec.resourceGroup) are made in its subscription and need a subscription scope."
  default     = null

  validation {
    condition     = var.environments_scope_id == null || can(regex("^/subscriptions/[0-9a-fA-F-]{36}(/resourceGroups/[-\\w\\._\\(\\)]{1,90})?$", var.environments_scope_id))
    error_message = "environments_scope_id must be a subscription or resource group id."
  }
}

variable "environments_role_definition_name" {
  type        = string
  description = "Built-in or custom role the app's identity gets on environments_scope_id. Contributor cannot create role assignments: templates that do need \"Role Based Access Control Administrator\" (with a condition) as well."
  default     = "Contributor"

  validation {
    condition     = length(trimspace(var.environments_role_definition_name)) > 0
    error_message = "environments_role_definition_name must not be empty."
  }
}

variable "rbac_propagation_wait" {
  type        = string
  description = "How long to wait after creating role assignments before using them (writing the vault secret, starting the app): Azure RBAC takes minutes to reach the data planes."
  default     = "90s"

  validation {
    condition     = can(regex("^[0-9]+(s|m)$", var.rbac_propagation_wait))
    error_message = "rbac_propagation_wait must be a duration like \"90s\" or \"2m\"."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------------------------------------------------

variable "storage_replication_type" {
  type        = string
  description = "Replication of the app's storage account (task hub, environment records, Terraform states). ZRS where the region offers it."
  default     = "ZRS"

  validation {
    condition     = contains(["LRS", "ZRS", "GRS", "GZRS", "RAGRS", "RAGZRS"], var.storage_replication_type)
    error_message = "storage_replication_type must be one of LRS, ZRS, GRS, GZRS, RAGRS, RAGZRS."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Key Vault
# ---------------------------------------------------------------------------------------------------------------------

variable "key_vault_purge_protection_enabled" {
  type        = bool
  description = "Purge protection on the vault. Once on it cannot be turned off, and a deleted vault keeps its name for soft_delete_retention_days. Recommended for production."
  default     = true
}

variable "key_vault_soft_delete_retention_days" {
  type        = number
  description = "Days a deleted vault or secret can be recovered (7-90). Fixed once the vault exists."
  default     = 90

  validation {
    condition     = var.key_vault_soft_delete_retention_days >= 7 && var.key_vault_soft_delete_retention_days <= 90 && floor(var.key_vault_soft_delete_retention_days) == var.key_vault_soft_delete_retention_days
    error_message = "key_vault_soft_delete_retention_days must be a whole number from 7 to 90."
  }
}

variable "state_backend_signing_key" {
  type        = string
  description = "Signing key of the Terraform state backend (at least 32 characters), e.g. to move an existing deployment. Null: a 64-character random key is generated. Either way it is written to Key Vault through a write-only attribute and never stored in Terraform state."
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.state_backend_signing_key == null || length(coalesce(var.state_backend_signing_key, "x")) >= 32
    error_message = "state_backend_signing_key must be at least 32 characters."
  }
}

variable "state_backend_signing_key_version" {
  type        = number
  description = "Bump to write a new signing key (generated or from state_backend_signing_key) to the vault. Rotating invalidates the state credentials of runs in flight; the app picks the new version up within a day, or at once on restart."
  default     = 1

  validation {
    condition     = var.state_backend_signing_key_version >= 1 && floor(var.state_backend_signing_key_version) == var.state_backend_signing_key_version
    error_message = "state_backend_signing_key_version must be a whole number >= 1."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Monitoring
# ---------------------------------------------------------------------------------------------------------------------

variable "log_retention_days" {
  type        = number
  description = "Retention of the Log Analytics workspace behind Application Insights (30-730 days)."
  default     = 30

  validation {
    condition     = var.log_retention_days >= 30 && var.log_retention_days <= 730 && floor(var.log_retention_days) == var.log_retention_days
    error_message = "log_retention_days must be a whole number from 30 to 730."
  }
}

variable "log_daily_quota_gb" {
  type        = number
  description = "Daily ingestion cap of the Log Analytics workspace in GB; -1 for no cap."
  default     = -1

  validation {
    condition     = var.log_daily_quota_gb == -1 || var.log_daily_quota_gb > 0
    error_message = "log_daily_quota_gb must be -1 (no cap) or positive."
  }
}

variable "key_encryption_key" {
  type        = string
  description = "Key-encryption key of the service's key ring (Secrets:KeyEncryptionKey): base64 of 32 bytes, e.g. from openssl rand -base64 32, to move an existing deployment. Null: one is generated. Written to Key Vault through a write-only attribute, never stored in Terraform state."
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.key_encryption_key == null || can(regex("^[A-Za-z0-9+/]{43}=$", coalesce(var.key_encryption_key, "x")))
    error_message = "key_encryption_key must be base64 of 32 bytes (44 characters ending in '=')."
  }
}

variable "key_encryption_key_version" {
  type        = number
  description = "Bump to write a new key-encryption key to the vault. Before bumping, copy the current one into app_settings as Secrets__PreviousKeyEncryptionKeys__0 (a Key Vault reference to its secret version), or the service cannot read its key ring (docs/security.md, Rotating the KEK)."
  default     = 1

  validation {
    condition     = var.key_encryption_key_version >= 1 && floor(var.key_encryption_key_version) == var.key_encryption_key_version
    error_message = "key_encryption_key_version must be a whole number >= 1."
  }
}
