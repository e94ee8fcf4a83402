#!/usr/bin/env bash
# Checks tools/publish-functions.sh (run by .ci/run): a Terraform archive whose checksum does not match is refused and
# produces no package; a matching one yields a zip holding the Functions app (host.json, functions.metadata), the
# catalog and tools/terraform with mode 0755 that runs. The archive is made from the terraform on this machine's PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/release"
cp "$(readlink -f "$(command -v terraform)")" "$work/release/terraform"
(cd "$work/release" && zip -q "$work/terraform.zip" terraform)
sum="$(sha256sum "$work/terraform.zip" | cut -d' ' -f1)"
version="$(terraform version -json | python3 -c 'import json,sys; print(json.load(sys.stdin)["terraform_version"])')"
wrong="$(printf '%064d' 0)"

if "$root/tools/publish-functions.sh" --terraform-zip "$work/terraform.zip" --terraform-sha256 "$wrong" --out "$work/bad" 2> "$work/refused.txt"; then
  echo "FAIL: a wrong checksum was accepted" >&2; exit 1
fi
grep -q "refused" "$work/refused.txt" || { echo "FAIL: the refusal does not say so: $(cat "$work/refused.txt")" >&2; exit 1; }
[[ ! -e "$work/bad/envorchestrator-functions.zip" ]] || { echo "FAIL: a package was written despite the refusal" >&2; exit 1; }

"$root/tools/publish-functions.sh" --terraform-zip "$work/terraform.zip" --terraform-sha256 "$sum" --terraform-version "$version" --out "$work/good" | tee "$work/published.txt"
package="$work/good/envorchestrator-functions.zip"
listing="$(zipinfo "$package")"
for entry in host.json functions.metadata EnvOrchestrator.Functions.dll templates/demo tools/terraform; do
  grep -q " $entry" <<< "$listing" || { echo "FAIL: $entry is not in the package" >&2; exit 1; }
done
grep -E " tools/terraform$" <<< "$listing" | grep -q "^-rwxr-xr-x" || { echo "FAIL: tools/terraform is not 0755 in the package" >&2; exit 1; }
mkdir -p "$work/unpacked" && (cd "$work/unpacked" && unzip -q "$package")
"$work/unpacked/tools/terraform" version -json | grep -q "\"terraform_version\": \"$version\"" || { echo "FAIL: the packaged terraform does not run" >&2; exit 1; }
python3 -c 'import json,sys; names={f["name"] for f in json.load(open(sys.argv[1]))}; sys.exit(0 if {"HttpApi","EnvironmentSweep","DeployOrchestrator"} <= names else 1)' "$work/unpacked/functions.metadata" \
  || { echo "FAIL: the packaged functions.metadata lacks functions" >&2; exit 1; }
echo "publish-functions: ok (wrong checksum refused; package has the app, catalog and an executable terraform $version)"
