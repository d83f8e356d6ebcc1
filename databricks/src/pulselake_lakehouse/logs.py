"""Logging of the lakehouse steps: one logger, one line per table and step, and a run summary at the end.

Jobs on Databricks log with timestamps (the task's driver log); the local runner logs plain lines, which
the CLI shows as they come.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

LOG = logging.getLogger("pulselake")
JOB_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
PLAIN_FORMAT = "%(message)s"


def configure_logging(stream: TextIO = sys.stdout, fmt: str = JOB_FORMAT) -> None:
    """Sends the ``pulselake`` logger's INFO lines to ``stream`` (replacing an earlier set-up, not adding one)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(fmt))
    for old in list(LOG.handlers):
        LOG.removeHandler(old)
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False  # Databricks configures the root logger too: no line twice


@dataclass(frozen=True)
class StepReport:
    """What one step did: rows per table (``unit`` says which rows) and its wall-clock seconds."""

    step: str
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    unit: str = "rows"

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def log_step(report: StepReport) -> None:
    for table, rows in report.rows.items():
        LOG.info("%s: %s %d %s", report.step, table, rows, report.unit)
    LOG.info("%s: %d %s in %.1f s", report.step, report.total_rows, report.unit, report.seconds)


def log_summary(reports: Sequence[StepReport]) -> None:
    """The run summary: seconds and rows of every step, in one line."""
    parts = [f"{r.step} {r.seconds:.1f} s ({r.total_rows} {r.unit})" for r in reports]
    LOG.info("summary: %s; total %.1f s", ", ".join(parts), sum(r.seconds for r in reports))
