"""Invariants of the Databricks bundle (databricks.yml + resources/*.yml), checked without a workspace."""

import re
from importlib import import_module
from importlib.metadata import distribution
from pathlib import Path

import pytest
import yaml

from pulselake_lakehouse.jobs.common import parse_job_args

BUNDLE_DIR = Path(__file__).resolve().parents[1]


def load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def bundle() -> dict:
    return load_yaml(BUNDLE_DIR / "databricks.yml")


PLATFORM_JOBS = {"pulselake_platform_setup"}  # Unity Catalog set-up (test_platform_setup.py), not a data job


@pytest.fixture(scope="module")
def jobs(bundle) -> dict:
    found: dict = {}
    for pattern in bundle["include"]:
        for path in sorted(BUNDLE_DIR.glob(pattern)):
            found.update(load_yaml(path).get("resources", {}).get("jobs", {}))
    return {name: job for name, job in found.items() if name not in PLATFORM_JOBS}


def test_dev_is_the_default_development_target_and_prod_is_production(bundle):
    targets = bundle["targets"]
    assert targets["dev"]["mode"] == "development"
    assert targets["dev"]["default"] is True
    assert targets["prod"]["mode"] == "production"
    assert not targets["prod"].get("default", False)


def test_variables_exist_and_every_target_sets_the_ones_without_default(bundle):
    variables = bundle["variables"]
    assert {"catalog", "landing_location", "checkpoint_root", "cluster_policy_id"} <= set(variables)
    for name, target in bundle["targets"].items():
        set_here = set(target.get("variables", {}))
        unset = {v for v, spec in variables.items() if "default" not in spec and "lookup" not in spec}
        missing = unset - set_here - {"cluster_policy_id"}
        assert not missing, f"target {name} leaves {missing} unset"


def test_there_is_an_ingest_a_silver_and_a_gold_job(jobs):
    assert set(jobs) == {"pulselake_ingest", "pulselake_silver", "pulselake_gold"}


def test_every_job_runs_one_at_a_time_on_policy_governed_job_clusters(jobs):
    for name, job in jobs.items():
        assert job["max_concurrent_runs"] == 1, name
        clusters = {c["job_cluster_key"]: c["new_cluster"] for c in job["job_clusters"]}
        for cluster in clusters.values():
            assert cluster["policy_id"] == "${var.cluster_policy_id}", name
            assert cluster["spark_version"].startswith("15.4."), name  # the runtime pyproject.toml pins to
        for task in job["tasks"]:
            if "run_job_task" not in task:
                assert task["job_cluster_key"] in clusters, f"{name}.{task['task_key']}"


def test_ingest_job_is_triggered_by_files_arriving_in_the_landing_location(jobs):
    assert jobs["pulselake_ingest"]["trigger"]["file_arrival"]["url"] == "${var.landing_location}"


def test_jobs_chain_ingest_to_silver_to_gold(jobs):
    def started_jobs(job: dict) -> list[str]:
        return [t["run_job_task"]["job_id"] for t in job["tasks"] if "run_job_task" in t]

    assert started_jobs(jobs["pulselake_ingest"]) == ["${resources.jobs.pulselake_silver.id}"]
    assert started_jobs(jobs["pulselake_silver"]) == ["${resources.jobs.pulselake_gold.id}"]


def test_wheel_tasks_call_existing_entry_points_with_parameters_they_accept(jobs):
    # the installed package's console scripts, i.e. [project.scripts] of pyproject.toml
    scripts = {ep.name: ep.value for ep in distribution("pulselake-lakehouse").entry_points}
    wheel_tasks = [t for job in jobs.values() for t in job["tasks"] if "python_wheel_task" in t]
    assert len(wheel_tasks) == 3
    for task in wheel_tasks:
        spec = task["python_wheel_task"]
        module_name, function_name = scripts[spec["entry_point"]].split(":")
        assert callable(getattr(import_module(module_name), function_name))
        args = parse_job_args(spec["parameters"])
        assert (args.catalog, args.landing, args.checkpoints) == (
            "${var.catalog}",
            "${var.landing_location}",
            "${var.checkpoint_root}",
        )
        assert task["libraries"] == [{"whl": "../dist/*.whl"}]


def test_every_variable_reference_is_declared(bundle):
    declared = set(bundle["variables"])
    texts = [(BUNDLE_DIR / "databricks.yml").read_text()] + [p.read_text() for p in BUNDLE_DIR.glob("resources/*.yml")]
    used = {m for text in texts for m in re.findall(r"\$\{var\.(\w+)\}", text)}
    assert used <= declared
