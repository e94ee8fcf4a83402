# Runs against a stub module made of variables.tf alone (see check.sh): no providers, so it works offline. It proves
# that the defaults and typical values pass every validation and that each validation rejects what it should
# (example.tfvars itself is planned against the same stub by check.sh).

variables {
  location            = "westeurope"
  name                = "envorch-prod"
  resource_group_name = "rg-envorch-prod"
}

run "defaults_are_valid" {
  command = plan
}

run "subscription_scope_and_settings_are_valid" {
  command = plan

  variables {
    subscription_id                   = "00000000-0000-0000-0000-000000000000"
    environments_scope_id             = "/subscriptions/00000000-0000-0000-0000-000000000000"
    environments_role_definition_name = "Contributor"
    always_ready_instances            = 1
    app_settings                      = { "Lifecycle__ApplyMaxAttempts" = "3" }
  }
}

run "resource_group_scope_is_valid" {
  command = plan

  variables {
    environments_scope_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-envs"
  }
}

run "name_rejects_upper_case_and_double_hyphens" {
  command = plan

  variables {
    name = "Env--Orch"
  }

  expect_failures = [var.name]
}

run "name_rejects_more_than_20_characters" {
  command = plan

  variables {
    name = "envorchestrator-production"
  }

  expect_failures = [var.name]
}

run "scope_rejects_a_resource_id" {
  command = plan

  variables {
    environments_scope_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x"
  }

  expect_failures = [var.environments_scope_id]
}

run "app_settings_reject_a_storage_connection_string" {
  command = plan

  variables {
    app_settings = { "AzureWebJobsStorage" = "DefaultEndpointsProtocol=https;AccountName=x" }
  }

  expect_failures = [var.app_settings]
}

run "signing_key_rejects_short_keys" {
  command = plan

  variables {
    state_backend_signing_key = "too-short"
  }

  expect_failures = [var.state_backend_signing_key]
}

run "dotnet_version_rejects_unknown_versions" {
  command = plan

  variables {
    dotnet_version = "7.0"
  }

  expect_failures = [var.dotnet_version]
}

run "instance_memory_rejects_other_sizes" {
  command = plan

  variables {
    instance_memory_mb = 1024
  }

  expect_failures = [var.instance_memory_mb]
}

run "state_backend_path_rejects_trailing_slash" {
  command = plan

  variables {
    state_backend_path = "/tfstate/"
  }

  expect_failures = [var.state_backend_path]
}

run "key_vault_name_rejects_double_hyphens" {
  command = plan

  variables {
    key_vault_name = "kv--envorch"
  }

  expect_failures = [var.key_vault_name]
}
