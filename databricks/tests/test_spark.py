"""The local Spark session as the CLI starts it: a verb's output is not preceded by Spark or Hadoop warnings."""

import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_status_prints_no_spark_or_hadoop_warnings(tmp_path: Path) -> None:
    if not (REPO_ROOT / "dist" / "cli" / "main.js").exists():
        pytest.fail("the CLI is not built: run `npm run build` (npm test does) first")
    # As a user's shell would have it: no SPARK_LOCAL_IP, no PulseLake settings but the lake folder.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULSELAKE_", "SPARK_LOCAL_IP"))}
    result = subprocess.run(
        ["node", str(REPO_ROOT / "bin" / "pulselake.js"), "status"],
        cwd=REPO_ROOT,
        env=env | {"PULSELAKE_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    noise = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if " WARN " in line
        or "NativeCodeLoader" in line
        or "loopback address" in line
        or "log level" in line
        or "logging level" in line
    ]
    assert noise == []
    assert result.stdout.startswith("spark: session ready")
