#!/usr/bin/env bash
# Deploys the Databricks side of one environment, run by the pipeline inside AzureCLI@2 (so the
# Databricks CLI authenticates as the service connection through `az`, DATABRICKS_AUTH_TYPE=azure-cli):
#   1. the cluster policy from databricks/policies/jobs.json (created or updated by name);
#   2. the Unity Catalog storage credential for the access connector (created once);
#   3. the bootstrap SQL (external locations, catalog) on the `pulselake` SQL warehouse;
#   4. `databricks bundle deploy -t <target>`, then the setup job (grants, masks: all idempotent);
#   5. CAN_USE on the warehouse for the function's group (Permissions API);
#   6. the warehouse HTTP path into Key Vault (the Function App's Key Vault reference).
# Usage: scripts/deploy/databricks.sh <target> <workspace-url> <access-connector-id> <key-vault-name>
set -euo pipefail

target=$1
export DATABRICKS_HOST="https://$2"
access_connector_id=$3
key_vault=$4
export DATABRICKS_AUTH_TYPE=azure-cli
repo=$(cd "$(dirname "$0")/../.." && pwd)
cli=(node "$repo/bin/pulselake.js")

policy_id=$(databricks cluster-policies list -o json | jq -r '.[]? | select(.name == "pulselake-jobs") | .policy_id')
policy=$(jq -n --arg d "$(cat "$repo/databricks/policies/jobs.json")" '{name: "pulselake-jobs", definition: $d}')
if [ -z "$policy_id" ]; then
  policy_id=$(databricks cluster-policies create --json "$policy" -o json | jq -r .policy_id)
else
  databricks cluster-policies edit --json "$(jq --arg id "$policy_id" '. + {policy_id: $id}' <<<"$policy")"
fi

credential=$("${cli[@]}" platform credential --access-connector-id "$access_connector_id")
name=$(jq -r .name <<<"$credential")
databricks storage-credentials get "$name" >/dev/null 2>&1 || databricks storage-credentials create --json "$credential"

warehouse_id=$(databricks warehouses list -o json | jq -r '.[]? | select(.name == "pulselake") | .id')
[ -n "$warehouse_id" ] || { echo "no SQL warehouse named pulselake (docs/deploy.md, step 5)" >&2; exit 1; }

# One statement per line (the generator writes them so); each must succeed.
apply_sql() {
  grep -v -e '^--' -e '^$' | while IFS= read -r statement; do
    body=$(jq -n --arg s "$statement" --arg w "$warehouse_id" \
      '{statement: $s, warehouse_id: $w, wait_timeout: "50s", on_wait_timeout: "CANCEL"}')
    state=$(databricks api post /api/2.0/sql/statements --json "$body" | jq -r .status.state)
    [ "$state" = SUCCEEDED ] || { echo "failed ($state): $statement" >&2; exit 1; }
  done
}
"${cli[@]}" platform sql --target "$target" --bootstrap | apply_sql

cd "$repo/databricks"
bundle_vars=(--var "cluster_policy_id=$policy_id")
# The README setting reaches the silver task when the pipeline sets it (else the bundle's default, config.py's).
[ -z "${PULSELAKE_MAX_WORKOUT_HOURS:-}" ] || bundle_vars+=(--var "max_workout_hours=$PULSELAKE_MAX_WORKOUT_HOURS")
databricks bundle deploy -t "$target" "${bundle_vars[@]}"
databricks bundle run -t "$target" pulselake_platform_setup

databricks api patch "/api/2.0/permissions/sql/warehouses/$warehouse_id" --json "$("${cli[@]}" platform warehouse-acl)"

az keyvault secret set --vault-name "$key_vault" -n databricks-http-path --value "/sql/1.0/warehouses/$warehouse_id" -o none
echo "##vso[task.setvariable variable=warehouseHttpPath;isOutput=true]/sql/1.0/warehouses/$warehouse_id"
