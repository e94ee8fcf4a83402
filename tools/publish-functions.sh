#!/usr/bin/env bash
# Builds the zip-deployable package of the Functions app (src/EnvOrchestrator.Functions) with a pinned Terraform in
# it, at tools/terraform (mode 0755), where infra/ points Terraform__TerraformPath.
#
#   tools/publish-functions.sh --terraform-zip terraform_1.11.4_linux_amd64.zip --terraform-sha256 <hex> [--out DIR]
#
# The Terraform release archive is a publish input: download it (and its SHA256SUMS) from HashiCorp's releases on a
# machine that may, check the signature of the sums there, and pass the archive and its sum here. The package is
# refused unless the archive matches the sum and its binary reports the expected version (--terraform-version,
# default 1.11.4). Prints the package path and its SHA-256.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/functions"
terraform_zip=""
terraform_sha256=""
terraform_version="1.11.4"

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --terraform-zip) terraform_zip="$2"; shift 2 ;;
    --terraform-sha256) terraform_sha256="$2"; shift 2 ;;
    --terraform-version) terraform_version="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "publish-functions: unknown argument '$1'" >&2; usage ;;
  esac
done

[[ -n "$terraform_zip" && -n "$terraform_sha256" ]] || { echo "publish-functions: --terraform-zip and --terraform-sha256 are required" >&2; usage; }
[[ -f "$terraform_zip" ]] || { echo "publish-functions: $terraform_zip does not exist" >&2; exit 1; }
[[ "$terraform_sha256" =~ ^[0-9a-fA-F]{64}$ ]] || { echo "publish-functions: --terraform-sha256 must be 64 hex digits" >&2; exit 1; }

actual="$(sha256sum "$terraform_zip" | cut -d' ' -f1)"
if [[ "${actual,,}" != "${terraform_sha256,,}" ]]; then
  echo "publish-functions: $terraform_zip has SHA-256 $actual, expected $terraform_sha256: refused" >&2
  exit 1
fi

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
app="$staging/app"

dotnet publish "$root/src/EnvOrchestrator.Functions/EnvOrchestrator.Functions.csproj" -c Release -o "$app" --nologo -v quiet

mkdir -p "$app/tools"
python3 - "$terraform_zip" "$app/tools" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = [n for n in z.namelist() if n.rsplit('/', 1)[-1] == 'terraform']
    if len(names) != 1:
        sys.exit(f"publish-functions: the archive holds {len(names)} 'terraform' binaries, expected 1")
    with z.open(names[0]) as src, open(sys.argv[2] + '/terraform', 'wb') as dst:
        dst.write(src.read())
PY
chmod 0755 "$app/tools/terraform"

reported="$("$app/tools/terraform" version -json | python3 -c 'import json,sys; print(json.load(sys.stdin)["terraform_version"])')"
if [[ "$reported" != "$terraform_version" ]]; then
  echo "publish-functions: the archive's terraform reports $reported, expected $terraform_version: refused" >&2
  exit 1
fi

# The catalog the app serves by default ships with it (EnvOrchestrator__CatalogPath=templates/demo).
mkdir -p "$app/templates"
cp -R "$root/templates/demo" "$app/templates/demo"

for required in host.json functions.metadata EnvOrchestrator.Functions.dll; do
  [[ -f "$app/$required" ]] || { echo "publish-functions: $required missing from the publish output" >&2; exit 1; }
done

mkdir -p "$out"
package="$out/envorchestrator-functions.zip"
rm -f "$package"
# Zip keeps Unix modes, so tools/terraform stays executable where the platform honours them.
(cd "$app" && python3 - "$package" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for folder, _, files in os.walk('.'):
        for f in sorted(files):
            path = os.path.join(folder, f)
            info = zipfile.ZipInfo.from_file(path, arcname=os.path.relpath(path, '.'))
            with open(path, 'rb') as src:
                z.writestr(info, src.read(), zipfile.ZIP_DEFLATED)
PY
)
echo "package $package"
echo "sha256 $(sha256sum "$package" | cut -d' ' -f1)"
echo "terraform $reported (archive sha256 $actual)"
