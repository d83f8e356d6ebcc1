"""Runs the ``pulselake`` CLI as a user's shell would: its own process group, no PulseLake settings (or
SPARK_LOCAL_IP) but the lake folder. Right after the command returns, whatever is left of its process group is
recorded (and killed, so that nothing lingers into the rest of the suite)."""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class CliRun:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    survivors: str  # `ps` lines of the command's process group once it returned ("" when none)


def run_cli(home: Path, *args: str) -> CliRun:
    if not (REPO_ROOT / "dist" / "cli" / "main.js").exists():
        pytest.fail("the CLI is not built: run `npm run build` (npm test does) first")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULSELAKE_", "SPARK_LOCAL_IP"))}
    process = subprocess.Popen(
        ["node", str(REPO_ROOT / "bin" / "pulselake.js"), *args],
        cwd=REPO_ROOT,
        env=env | {"PULSELAKE_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell gives a command
    )
    stdout, stderr = process.communicate(timeout=900)
    survivors = subprocess.run(
        ["ps", "-o", "pid=,stat=,args=", "-g", str(process.pid)], capture_output=True, text=True, check=False
    ).stdout.strip()
    if survivors:
        os.killpg(process.pid, signal.SIGKILL)
    return CliRun(list(args), process.returncode, stdout, stderr, survivors)


def pulselake(home: Path, *args: str) -> CliRun:
    """Runs the CLI; fails the test with its output when it exits non-zero."""
    result = run_cli(home, *args)
    if result.returncode != 0:
        pytest.fail(f"pulselake {' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr[-4000:]}")
    return result
