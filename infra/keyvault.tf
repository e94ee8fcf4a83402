resource "azurerm_key_vault" "this" {
  name                = local.key_vault_name
  location            = var.location
  resource_group_name = local.resource_group_name
  tags                = local.tags

  tenant_id                     = data.azurerm_client_config.current.tenant_id
  sku_name                      = "standard"
  rbac_authorization_enabled    = true
  purge_protection_enabled      = var.key_vault_purge_protection_enabled
  soft_delete_retention_days    = var.key_vault_soft_delete_retention_days
  public_network_access_enabled = var.public_network_access_enabled
}

# A fresh key every plan/apply, but only written when value_wo_version changes: it never reaches state or plan files.
ephemeral "random_password" "state_backend_signing_key" {
  length  = 64
  special = false
}

# TerraformStateBackend:SigningKey signs the per-run, per-state-address credentials Terraform processes present to
# the state backend. Every instance must share it, so it lives here and reaches the app as a Key Vault reference.
resource "azurerm_key_vault_secret" "state_backend_signing_key" {
  name             = "state-backend-signing-key"
  key_vault_id     = azurerm_key_vault.this.id
  content_type     = "EnvOrchestrator state backend signing key"
  value_wo         = var.state_backend_signing_key != null ? var.state_backend_signing_key : ephemeral.random_password.state_backend_signing_key.result
  value_wo_version = var.state_backend_signing_key_version

  depends_on = [time_sleep.rbac_propagation]
}

# Secrets:KeyEncryptionKey encrypts the service's Data Protection key ring (secrets at rest, state tokens; ADR 0012)
# and must not live in the storage account it protects. The service wants base64 of 32 bytes: 43 random characters of
# the base64 alphabet plus "=" decode to 32 bytes (about 254 random bits), and an ephemeral resource keeps them out of
# state and plan files.
ephemeral "random_password" "key_encryption_key" {
  length  = 43
  special = false
}

resource "azurerm_key_vault_secret" "key_encryption_key" {
  name             = "secrets-key-encryption-key"
  key_vault_id     = azurerm_key_vault.this.id
  content_type     = "EnvOrchestrator key-encryption key (base64 of 32 bytes)"
  value_wo         = var.key_encryption_key != null ? var.key_encryption_key : "${ephemeral.random_password.key_encryption_key.result}="
  value_wo_version = var.key_encryption_key_version

  depends_on = [time_sleep.rbac_propagation]
}
