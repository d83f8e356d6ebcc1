"""The local Spark session as the CLI starts it (``pulselake run`` on an empty lake; ``status`` and ``export``
read with delta-rs and start no JVM): its output is not
preceded by Spark or Hadoop warnings, and when the command returns no process it started is left (the JVM
outlives the Python driver by a moment unless the launcher waits for it; the demo runs the same launcher)."""

import os
import signal
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], int]:
    if not (REPO_ROOT / "dist" / "cli" / "main.js").exists():
        pytest.fail("the CLI is not built: run `npm run build` (npm test does) first")
    home = tmp_path_factory.mktemp("lake")
    # As a user's shell would have it: no SPARK_LOCAL_IP, no PulseLake settings but the lake folder.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULSELAKE_", "SPARK_LOCAL_IP"))}
    process = subprocess.Popen(
        ["node", str(REPO_ROOT / "bin" / "pulselake.js"), "run"],
        cwd=REPO_ROOT,
        env=env | {"PULSELAKE_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell gives a command
    )
    stdout, stderr = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), process.pid


def test_a_spark_verb_prints_no_spark_or_hadoop_warnings(spark_run) -> None:
    result, _ = spark_run
    assert result.returncode == 0, result.stderr[-4000:]
    noise = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if any(
            mark in line for mark in (" WARN ", "NativeCodeLoader", "loopback address", "log level", "logging level")
        )
    ]
    assert noise == []
    assert result.stdout.startswith("spark: session ready")


def test_no_process_of_the_command_survives_it(spark_run) -> None:
    _, process_group = spark_run
    survivors = subprocess.run(
        ["ps", "-o", "pid=,stat=,args=", "-g", str(process_group)], capture_output=True, text=True, check=False
    ).stdout.strip()
    if survivors:
        os.killpg(process_group, signal.SIGKILL)  # do not leave them to the rest of the suite
    assert survivors == ""
