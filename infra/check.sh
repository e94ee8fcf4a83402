#!/usr/bin/env bash
# Static checks of infra/ that need no provider download (this machine cannot reach the Terraform registry).
#   1. terraform fmt -check          formatting of *.tf, *.tfvars and *.tftest.hcl
#   2. terraform providers           loads the whole configuration: syntax, block structure, meta-arguments,
#                                    duplicate variables/locals/outputs, provider requirements
#   3. contract checks (grep/awk)    every variable has a type and a description, every output a description,
#                                    every var.X / local.X used is declared and every variable is used, every
#                                    provider has a version constraint, example.tfvars sets only declared variables,
#                                    the connection-string output is sensitive, shared keys stay off
#   4. variables-only stub module    variables.tf alone needs no provider: init + validate, a plan with
#                                    example.tfvars (types and validations), then `terraform test`
#                                    (checks/variables.tftest.hcl): good values pass, bad values are rejected by
#                                    the validation meant to catch them
# NOT run: `terraform validate` / `plan` of the real configuration. Both need the azurerm, azapi, random and time
# providers installed by `terraform init`; resource arguments and references into resources are only checked there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
# This image points TF_CLI_CONFIG_FILE at a missing file (a warning on every command); an empty config is quieter.
cli_config="$(mktemp)"
stub="$(mktemp -d)"
trap 'rm -rf "$cli_config" "$stub"' EXIT
export TF_CLI_CONFIG_FILE="$cli_config"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
step() { echo "== $*"; }

step "terraform fmt -check -recursive"
if ! terraform fmt -check -recursive -diff . ; then
  fail "terraform fmt: run 'terraform fmt -recursive infra'"
fi

step "terraform providers (configuration loads)"
if ! out="$(terraform providers -no-color 2>&1)"; then
  echo "$out" >&2
  fail "the configuration does not load"
fi

step "contract checks"
tf_files=(*.tf)

# Top-level blocks: terraform fmt puts `type "name" {` at column 0 and its closing `}` alone at column 0.
block_lacks() { # $1 block type, $2 attribute, $3 files...
  local kind="$1" attr="$2"; shift 2
  awk -v kind="$kind" -v attr="$attr" '
    $0 ~ "^" kind " \"" { name = $2; gsub(/"/, "", name); has = 0; inside = 1; next }
    inside && $0 ~ "^  " attr "[ ]+=" { has = 1 }
    inside && /^}/ { if (!has) print FILENAME ": " kind " " name; inside = 0 }
  ' "$@"
}

missing="$(block_lacks variable description variables.tf)"; [[ -z "$missing" ]] || fail "variables without a description:"$'\n'"$missing"
missing="$(block_lacks variable type variables.tf)";        [[ -z "$missing" ]] || fail "variables without a type:"$'\n'"$missing"
missing="$(block_lacks output description outputs.tf)";     [[ -z "$missing" ]] || fail "outputs without a description:"$'\n'"$missing"

stray="$(grep -l -E '^(variable|output) "' "${tf_files[@]}" | grep -v -x -E 'variables\.tf|outputs\.tf' || true)"
[[ -z "$stray" ]] || fail "variables belong in variables.tf and outputs in outputs.tf, found in: $stray"

declared_vars="$(sed -n -E 's/^variable "([a-z0-9_]+)".*/\1/p' variables.tf | sort -u)"
used_vars="$(grep -h -o -E '\bvar\.[a-z0-9_]+' "${tf_files[@]}" | sed 's/^var\.//' | sort -u)"
undeclared="$(comm -13 <(echo "$declared_vars") <(echo "$used_vars"))"
unused="$(comm -23 <(echo "$declared_vars") <(grep -h -o -E '\bvar\.[a-z0-9_]+' $(ls *.tf | grep -v -x variables.tf) | sed 's/^var\.//' | sort -u))"
[[ -z "$undeclared" ]] || fail "undeclared variables used: $(echo $undeclared)"
[[ -z "$unused" ]] || fail "variables never used outside variables.tf: $(echo $unused)"

declared_locals="$(awk '/^locals \{/ { inside = 1; next } inside && /^}/ { inside = 0 } inside && match($0, /^  "?[a-z0-9_]+"? +=/) { s = substr($0, 3, RLENGTH - 2); gsub(/[" =]/, "", s); print s }' "${tf_files[@]}" | sort -u)"
used_locals="$(grep -h -o -E '\blocal\.[a-z0-9_]+' "${tf_files[@]}" | sed 's/^local\.//' | sort -u)"
undeclared="$(comm -13 <(echo "$declared_locals") <(echo "$used_locals"))"
unused="$(comm -23 <(echo "$declared_locals") <(echo "$used_locals"))"
[[ -z "$undeclared" ]] || fail "undeclared locals used: $(echo $undeclared)"
[[ -z "$unused" ]] || fail "locals never used: $(echo $unused)"

unpinned="$(awk '/required_providers \{/ { inside = 1; next } inside && /^  }/ { inside = 0 }
  inside && /= \{/ { name = $1; has = 0 } inside && /version[ ]+=/ { has = 1 } inside && /^    }/ { if (!has) print name }' versions.tf)"
[[ -z "$unpinned" ]] || fail "providers without a version constraint: $(echo $unpinned)"

example_keys="$(sed -n -E 's/^([a-z0-9_]+)[ ]+=.*/\1/p' example.tfvars | sort -u)"
unknown="$(comm -23 <(echo "$example_keys") <(echo "$declared_vars"))"
[[ -z "$unknown" ]] || fail "example.tfvars sets undeclared variables: $(echo $unknown)"

awk '/^output "application_insights_connection_string"/ { inside = 1 } inside && /sensitive[ ]+= true/ { ok = 1 } inside && /^}/ { inside = 0 } END { exit !ok }' outputs.tf \
  || fail "output application_insights_connection_string must be sensitive"
grep -q -E '^  shared_access_key_enabled[ ]+= false' storage.tf || fail "the storage account must keep shared_access_key_enabled = false"
grep -q -E '^  min_tls_version[ ]+= "TLS1_2"' storage.tf || fail "the storage account must require TLS 1.2"
grep -q -E '^  allow_nested_items_to_be_public[ ]+= false' storage.tf || fail "the storage account must forbid public blobs"
grep -q -E '^  rbac_authorization_enabled[ ]+= true' keyvault.tf || fail "the Key Vault must use RBAC authorization"
if grep -n -E 'AccountKey=|primary_access_key|primary_connection_string|storage_access_key' "${tf_files[@]}"; then
  fail "no storage keys or connection strings: the app uses its managed identity"
fi

step "variables-only stub module: init, validate, plan with example.tfvars, test"
cp variables.tf example.tfvars "$stub/"
mkdir -p "$stub/tests"
cp checks/*.tftest.hcl "$stub/tests/"
if ! (cd "$stub" &&
      terraform init -backend=false -input=false -no-color >/dev/null &&
      terraform validate -no-color &&
      terraform plan -input=false -no-color -var-file=example.tfvars >/dev/null &&
      terraform test -no-color); then
  fail "variables stub module: validate or test failed"
fi

if ((failures > 0)); then
  echo "infra/check.sh: $failures check(s) failed" >&2
  exit 1
fi
echo "infra/check.sh: all checks passed (not run: terraform validate/plan of the full configuration, which need providers)"
