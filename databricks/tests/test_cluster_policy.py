"""policies/jobs.json and the bundle's job clusters: every cluster runs under the policy and stays inside it.

Written over every job of every resources/*.yml file and every target's overrides, so it holds for
whatever jobs the bundle declares.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

BUNDLE_DIR = Path(__file__).resolve().parents[1]
POLICY = json.loads((BUNDLE_DIR / "policies" / "jobs.json").read_text(encoding="utf-8"))
MANDATORY_TAGS = {"project", "owner", "cost-center"}


def load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


BUNDLE = load_yaml(BUNDLE_DIR / "databricks.yml")


def declared_jobs() -> dict[str, dict]:
    jobs: dict[str, dict] = {}
    for pattern in BUNDLE["include"]:
        for path in sorted(BUNDLE_DIR.glob(pattern)):
            for name, job in load_yaml(path).get("resources", {}).get("jobs", {}).items():
                jobs[f"{path.name}:{name}"] = job
    for target_name, target in BUNDLE.get("targets", {}).items():
        for name, job in (target.get("resources") or {}).get("jobs", {}).items():
            jobs[f"targets.{target_name}:{name}"] = job
    return jobs


def job_clusters() -> list[tuple[str, dict]]:
    found = []
    for name, job in declared_jobs().items():
        for cluster in job.get("job_clusters") or []:
            if "new_cluster" in cluster:
                found.append((f"{name}/{cluster['job_cluster_key']}", cluster["new_cluster"]))
        for task in job.get("tasks") or []:
            if "new_cluster" in task:  # a task-level cluster must obey the policy too
                found.append((f"{name}/{task['task_key']}", task["new_cluster"]))
    return found


def variable_values(name: str) -> set:
    """Every value a ${var.name} can take: its default and each target's override."""
    spec = BUNDLE["variables"][name]
    values = {spec["default"]} if "default" in spec else set()
    for target in BUNDLE.get("targets", {}).values():
        if name in (target.get("variables") or {}):
            values.add(target["variables"][name])
    assert values, f"${{var.{name}}} has no value in any target"
    return values


def resolved(value: object) -> set:
    match = re.fullmatch(r"\$\{var\.(\w+)\}", str(value))
    return variable_values(match.group(1)) if match else {value}


CLUSTERS = job_clusters()
IDS = [name for name, _ in CLUSTERS]


def test_the_bundle_has_job_clusters_to_check():
    assert CLUSTERS, "no job cluster found: the policy test would check nothing"


def test_policy_caps_auto_termination_at_30_minutes_and_pins_the_runtime():
    assert POLICY["autotermination_minutes"]["maxValue"] <= 30
    assert POLICY["autotermination_minutes"]["defaultValue"] <= 30
    assert POLICY["spark_version"] == {"type": "fixed", "value": "15.4.x-scala2.12"}
    assert POLICY["cluster_type"]["value"] == "job"


def test_policy_makes_the_mandatory_tags_fixed():
    tags = {key.removeprefix("custom_tags."): rule for key, rule in POLICY.items() if key.startswith("custom_tags.")}
    assert set(tags) >= MANDATORY_TAGS
    assert all(tags[t]["type"] == "fixed" and tags[t]["value"] for t in MANDATORY_TAGS)


def test_policy_limits_node_types_and_workers():
    assert POLICY["node_type_id"]["type"] == "allowlist" and POLICY["node_type_id"]["values"]
    assert POLICY["num_workers"]["maxValue"] <= 8
    assert POLICY["autoscale.max_workers"]["maxValue"] <= POLICY["num_workers"]["maxValue"]


@pytest.mark.parametrize(("name", "cluster"), CLUSTERS, ids=IDS)
def test_job_cluster_runs_under_the_policy(name, cluster):
    assert cluster.get("policy_id") == "${var.cluster_policy_id}", name
    assert cluster.get("apply_policy_default_values") is True, f"{name}: the policy's tags and defaults must apply"


@pytest.mark.parametrize(("name", "cluster"), CLUSTERS, ids=IDS)
def test_job_cluster_stays_within_the_policy(name, cluster):
    assert cluster["spark_version"] == POLICY["spark_version"]["value"], name
    if "data_security_mode" in cluster:
        assert cluster["data_security_mode"] == POLICY["data_security_mode"]["value"], name
    node_types = resolved(cluster.get("node_type_id", POLICY["node_type_id"]["defaultValue"]))
    assert node_types <= set(POLICY["node_type_id"]["values"]), f"{name}: {node_types}"
    workers = POLICY["num_workers"]
    if "autoscale" in cluster:
        assert cluster["autoscale"]["max_workers"] <= POLICY["autoscale.max_workers"]["maxValue"], name
    else:
        assert workers["minValue"] <= cluster.get("num_workers", workers["defaultValue"]) <= workers["maxValue"], name
    if "autotermination_minutes" in cluster:
        assert cluster["autotermination_minutes"] <= POLICY["autotermination_minutes"]["maxValue"], name
    for tag, value in (cluster.get("custom_tags") or {}).items():
        rule = POLICY.get(f"custom_tags.{tag}")
        assert rule is None or rule["value"] == value, f"{name}: tag {tag} conflicts with the policy"


def test_the_check_is_not_vacuous_a_cluster_outside_the_policy_fails():
    bad = {"spark_version": "13.3.x-scala2.12", "node_type_id": "Standard_E64s_v5", "num_workers": 40}
    with pytest.raises(AssertionError):
        test_job_cluster_stays_within_the_policy("bad", bad)
