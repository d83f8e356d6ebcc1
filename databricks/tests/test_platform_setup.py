"""The Unity Catalog set-up as the bundle deploys it: uc/access.yml, uc/generated/*.sql, the setup job, uc.yml.

The SQL itself is generated and checked in TypeScript (tests/shared/platform/); here: the parts that
must agree with the Python side and the bundle.
"""

import re
from pathlib import Path

import pytest
import yaml

from pulselake_lakehouse.silver.tables import SILVER_TABLES, TABLE_PROPERTIES

BUNDLE_DIR = Path(__file__).resolve().parents[1]
ACCESS = yaml.safe_load((BUNDLE_DIR / "uc" / "access.yml").read_text(encoding="utf-8"))
BUNDLE = yaml.safe_load((BUNDLE_DIR / "databricks.yml").read_text(encoding="utf-8"))
SETUP = yaml.safe_load((BUNDLE_DIR / "resources" / "platform_setup.job.yml").read_text(encoding="utf-8"))
UC = yaml.safe_load((BUNDLE_DIR / "resources" / "uc.yml").read_text(encoding="utf-8"))
# The contract's personal data in a profile: names, street address, zip code, date of birth.
PII = {"first_name", "last_name", "street_address", "zip", "dob"}


def normalized(ddl: str) -> str:
    return re.sub(r"\s+", " ", ddl).strip()


def target_values(name: str) -> dict[str, str]:
    return {t: spec["variables"][name] for t, spec in BUNDLE["targets"].items() if name in spec.get("variables", {})}


@pytest.mark.parametrize("table", sorted(ACCESS["masks"]["tables"]))
def test_masked_tables_are_created_exactly_as_the_silver_code_creates_them(table):
    schema, name = table.split(".")
    assert schema == "silver"
    assert normalized(ACCESS["masks"]["tables"][table]["ddl"]) == normalized(SILVER_TABLES[name])
    assert ACCESS["masks"]["table_properties"] == TABLE_PROPERTIES


def test_every_silver_table_holding_pii_is_masked_on_every_pii_column():
    holding = {name for name, ddl in SILVER_TABLES.items() if PII & {c.split()[0] for c in ddl.split(", ")}}
    assert holding == {"user_profile", "user_profile_latest_change"}
    for name in holding:
        assert set(ACCESS["masks"]["tables"][f"silver.{name}"]["pii"]) == PII


def test_setup_job_runs_the_generated_sql_of_each_targets_catalog_on_the_warehouse():
    (task,) = SETUP["resources"]["jobs"]["pulselake_platform_setup"]["tasks"]
    assert task["sql_task"]["warehouse_id"] == "${var.warehouse_id}"
    path = task["sql_task"]["file"]["path"]
    catalogs = set(target_values("catalog").values())
    assert catalogs == {env["catalog"] for env in ACCESS["environments"].values()}
    for catalog in catalogs:
        generated = (BUNDLE_DIR / "resources" / path.replace("${var.catalog}", catalog)).resolve()
        assert generated.is_file(), generated
        assert f"CREATE CATALOG IF NOT EXISTS `{catalog}`" in generated.read_text(encoding="utf-8")


def test_bundle_schemas_and_volume_match_the_access_matrix_and_the_checkpoint_root():
    resources = UC["targets"]["prod"]["resources"]
    assert sorted(s["name"] for s in resources["schemas"].values()) == sorted(ACCESS["schemas"])
    assert all(s["catalog_name"] == "${var.catalog}" for s in resources["schemas"].values())
    (volume,) = resources["volumes"].values()
    assert [{"schema": "ops", "name": volume["name"]}] == ACCESS["volumes"]
    for target, root in target_values("checkpoint_root").items():
        assert root == f"/Volumes/{target_values('catalog')[target]}/ops/{volume['name']}", target
