"""Invariants of the Databricks bundle (databricks.yml + resources/*.yml), checked without a workspace.

``job_in(target)`` merges a target's overrides into the job the way the bundle does (mappings joined, tasks
joined by ``task_key``, job clusters by ``job_cluster_key``), so each target's effective job is tested.
"""

import re
from importlib import import_module
from importlib.metadata import distribution
from pathlib import Path

import pytest
import yaml

from pulselake_lakehouse.config import DEFAULT_MAX_WORKOUT_HOURS
from pulselake_lakehouse.jobs.common import parse_job_args
from pulselake_lakehouse.jobs.stream import DEFAULT_INTERVAL_SECONDS, parse_stream_args

BUNDLE_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = BUNDLE_DIR.parent
JOB = "pulselake_pipeline"
LIST_KEYS = {"tasks": "task_key", "job_clusters": "job_cluster_key", "environments": "environment_key"}


def load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def bundle_texts() -> dict[Path, str]:
    files = [BUNDLE_DIR / "databricks.yml", *sorted(BUNDLE_DIR.glob("resources/*.yml"))]
    return {path: path.read_text(encoding="utf-8") for path in files}


def merge(base, override):
    """The bundle's join: mappings merge key by key, keyed lists by their key; the override wins otherwise."""
    if not (isinstance(base, dict) and isinstance(override, dict)):
        return override
    merged = dict(base)
    for key, value in override.items():
        if key not in base:
            merged[key] = value
        elif key in LIST_KEYS:
            merged[key] = _merge_keyed(key, base[key], value)
        else:
            merged[key] = merge(base[key], value)
    return merged


def _merge_keyed(name: str, base: list, override: list) -> list:
    key = LIST_KEYS[name]
    merged = {item[key]: item for item in base}
    for item in override:
        merged[item[key]] = merge(merged[item[key]], item) if item[key] in merged else item
    return list(merged.values())


def keys_in(node) -> set[str]:
    """Every mapping key anywhere in a parsed YAML document."""
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in keys_in(value)}
    if isinstance(node, list):
        return {k for item in node for k in keys_in(item)}
    return set()


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


def job_in(bundle: dict, jobs: dict, target: str) -> dict:
    override = bundle["targets"][target].get("resources", {}).get("jobs", {})
    assert set(override) - {STREAM_JOB} <= set(jobs), f"target {target} overrides a job that does not exist"
    return merge(jobs[JOB], override.get(JOB, {}))


def test_dev_is_the_default_development_target_and_prod_serverless_and_streaming_are_production(bundle):
    targets = bundle["targets"]
    assert set(targets) == {"dev", "prod", "serverless", "streaming"}
    assert targets["dev"]["mode"] == "development"
    assert targets["dev"]["default"] is True
    for name in ("prod", "serverless", "streaming"):
        assert targets[name]["mode"] == "production"
        assert not targets[name].get("default", False)


def test_variables_exist_and_every_target_sets_the_ones_without_default(bundle):
    variables = bundle["variables"]
    assert {"catalog", "landing_location", "checkpoint_root", "cluster_policy_id", "max_workout_hours"} <= set(
        variables
    )
    for name, target in bundle["targets"].items():
        set_here = set(target.get("variables", {}))
        unset = {v for v, spec in variables.items() if "default" not in spec and "lookup" not in spec}
        missing = unset - set_here - {"cluster_policy_id"}
        assert not missing, f"target {name} leaves {missing} unset"


def test_there_is_one_job_with_bronze_then_silver_and_no_gold_writer(jobs):
    assert set(jobs) == {JOB}
    tasks = {t["task_key"]: t for t in jobs[JOB]["tasks"]}
    assert list(tasks) == ["bronze", "silver"]
    assert "depends_on" not in tasks["bronze"]
    assert tasks["silver"]["depends_on"] == [{"task_key": "bronze"}]
    entry_points = [t["python_wheel_task"]["entry_point"] for t in tasks.values()]
    assert entry_points == ["pulselake-bronze", "pulselake-silver"]  # gold: the timer function only
    assert not any("run_job_task" in t for t in tasks.values())


@pytest.mark.parametrize("target", ["dev", "prod"])
def test_classic_targets_run_both_tasks_on_one_shared_policy_governed_job_cluster(bundle, jobs, target):
    job = job_in(bundle, jobs, target)
    assert "environments" not in job
    (cluster,) = job["job_clusters"]
    assert cluster["new_cluster"]["policy_id"] == "${var.cluster_policy_id}"
    assert cluster["new_cluster"]["spark_version"].startswith("15.4.")  # the runtime pyproject.toml pins to
    for task in job["tasks"]:
        assert task["job_cluster_key"] == cluster["job_cluster_key"], task["task_key"]
        assert "environment_key" not in task
        assert task["libraries"] == [{"whl": "./dist/*.whl"}]


def test_serverless_target_runs_both_tasks_in_one_environment_without_clusters(bundle, jobs):
    job = job_in(bundle, jobs, "serverless")
    assert "job_clusters" not in job
    (environment,) = job["environments"]
    assert environment["spec"]["dependencies"] == ["./dist/*.whl"]
    for task in job["tasks"]:
        assert task["environment_key"] == environment["environment_key"], task["task_key"]
        assert "job_cluster_key" not in task and "libraries" not in task


def test_the_job_runs_one_at_a_time_on_file_arrival_without_waiting_for_a_quiet_landing_zone(jobs):
    job = jobs[JOB]
    assert job["max_concurrent_runs"] == 1
    assert job["queue"] == {"enabled": True}
    assert job["trigger"]["file_arrival"]["url"] == "${var.landing_location}"
    # A continuous BPM stream never leaves the landing zone quiet: this option would never let the trigger fire.
    for path, text in bundle_texts().items():
        assert "wait_after_last_change_seconds" not in keys_in(yaml.safe_load(text)), path


def test_runs_are_bounded_retried_and_watched(bundle, jobs):
    job = jobs[JOB]
    assert job["timeout_seconds"] > 0
    for task in job["tasks"]:
        assert 0 < task["timeout_seconds"] <= job["timeout_seconds"], task["task_key"]
        assert task["max_retries"] >= 1, task["task_key"]
    assert job["email_notifications"]["on_failure"] == "${var.notification_emails}"
    assert bundle["variables"]["notification_emails"]["type"] == "complex"
    rules = job["health"]["rules"]
    assert [r["metric"] for r in rules] == ["RUN_DURATION_SECONDS"]
    assert 0 < rules[0]["value"] < job["timeout_seconds"]  # warns before the timeout cancels
    bronze = next(t for t in job["tasks"] if t["task_key"] == "bronze")
    assert [r["metric"] for r in bronze["health"]["rules"]] == ["STREAMING_BACKLOG_FILES"]


def test_wheel_tasks_call_existing_entry_points_with_parameters_they_accept(bundle, jobs):
    # the installed package's console scripts, i.e. [project.scripts] of pyproject.toml
    scripts = {ep.name: ep.value for ep in distribution("pulselake-lakehouse").entry_points}
    for task in jobs[JOB]["tasks"]:
        spec = task["python_wheel_task"]
        assert spec["package_name"] == "pulselake_lakehouse"
        module_name, function_name = scripts[spec["entry_point"]].split(":")
        assert callable(getattr(import_module(module_name), function_name))
        default_hours = bundle["variables"]["max_workout_hours"]["default"]
        args = parse_job_args([p.replace("${var.max_workout_hours}", default_hours) for p in spec["parameters"]])
        assert (args.catalog, args.landing, args.checkpoints) == (
            "${var.catalog}",
            "${var.landing_location}",
            "${var.checkpoint_root}",
        )


def test_the_workout_limit_reaches_silver_from_a_variable_defaulting_to_the_python_constant(bundle, jobs):
    assert float(bundle["variables"]["max_workout_hours"]["default"]) == DEFAULT_MAX_WORKOUT_HOURS
    silver = next(t for t in jobs[JOB]["tasks"] if t["task_key"] == "silver")
    parameters = silver["python_wheel_task"]["parameters"]
    assert parameters[parameters.index("--max-workout-hours") + 1] == "${var.max_workout_hours}"
    resolved = [p.replace("${var.max_workout_hours}", "4.5") for p in parameters]
    assert parse_job_args(resolved).max_workout_hours == 4.5


def test_every_variable_reference_is_declared(bundle):
    declared = set(bundle["variables"])
    used = {m for text in bundle_texts().values() for m in re.findall(r"\$\{var\.(\w+)\}", text)}
    assert used <= declared


def test_the_merge_helper_joins_tasks_by_key_like_the_bundle():
    base = {"a": 1, "tasks": [{"task_key": "x", "p": 1}, {"task_key": "y", "p": 2}]}
    override = {"b": 2, "tasks": [{"task_key": "y", "q": 3}]}
    assert merge(base, override) == {
        "a": 1,
        "b": 2,
        "tasks": [{"task_key": "x", "p": 1}, {"task_key": "y", "p": 2, "q": 3}],
    }


STREAM_JOB = "pulselake_pipeline_streaming"


def test_streaming_target_is_prods_lake_with_one_continuous_job_and_the_batch_trigger_paused(bundle, jobs):
    targets = bundle["targets"]
    streaming = targets["streaming"]
    assert streaming["mode"] == "production"
    # The same catalog, landing zone and checkpoints as prod: a switch of mode reprocesses nothing.
    assert streaming["variables"] == targets["prod"]["variables"]
    overrides = streaming["resources"]["jobs"]
    batch = merge(jobs[JOB], overrides[JOB])
    assert batch["trigger"]["pause_status"] == "PAUSED"  # never the same streams from two jobs at once
    job = overrides[STREAM_JOB]
    assert job["continuous"] == {"pause_status": "UNPAUSED"}
    assert not {"trigger", "schedule", "environments"} & set(job)  # classic compute: serverless has no continuous
    (task,) = job["tasks"]  # continuous jobs take no task dependencies and no retry policy
    assert not {"depends_on", "max_retries"} & set(task)
    assert (
        job["job_clusters"] == batch["job_clusters"]
        and task["job_cluster_key"] == batch["job_clusters"][0]["job_cluster_key"]
    )
    assert task["libraries"] == [{"whl": "./dist/*.whl"}]


def test_streaming_job_runs_the_stream_entry_on_the_batch_jobs_checkpoints(bundle, jobs):
    scripts = {ep.name: ep.value for ep in distribution("pulselake-lakehouse").entry_points}
    (task,) = bundle["targets"]["streaming"]["resources"]["jobs"][STREAM_JOB]["tasks"]
    spec = task["python_wheel_task"]
    assert spec["entry_point"] == "pulselake-stream"
    module_name, function_name = scripts[spec["entry_point"]].split(":")
    assert callable(getattr(import_module(module_name), function_name))
    variables = bundle["variables"]
    resolved = [
        p.replace("${var.max_workout_hours}", variables["max_workout_hours"]["default"]).replace(
            "${var.stream_interval_seconds}", variables["stream_interval_seconds"]["default"]
        )
        for p in spec["parameters"]
    ]
    interval, rest = parse_stream_args(resolved)
    assert interval == float(variables["stream_interval_seconds"]["default"]) == DEFAULT_INTERVAL_SECONDS
    streamed = parse_job_args(rest)
    for batch_task in jobs[JOB]["tasks"]:
        batch_args = parse_job_args(
            [p.replace("${var.max_workout_hours}", "3.0") for p in batch_task["python_wheel_task"]["parameters"]]
        )
        assert (streamed.catalog, streamed.landing, streamed.checkpoints) == (
            batch_args.catalog,
            batch_args.landing,
            batch_args.checkpoints,
        )


def test_only_the_streaming_target_deploys_the_streaming_job(bundle, jobs):
    assert STREAM_JOB not in jobs
    for name, target in bundle["targets"].items():
        if name != "streaming":
            assert STREAM_JOB not in target.get("resources", {}).get("jobs", {}), name
