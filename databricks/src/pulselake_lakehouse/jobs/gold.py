"""Gold step: runs every file of ``sql/gold/`` in name order (the files the timer function runs on a SQL
warehouse). Locally the runner calls it after silver; on Databricks only the timer writes gold, and this
entry exists to run the same files by hand on a cluster."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pyspark.sql import SparkSession

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.jobs.common import job_context
from pulselake_lakehouse.logs import LOG, StepReport, log_step, log_summary
from pulselake_lakehouse.side_by_side import side_by_side
from pulselake_lakehouse.sql_files import StatementResult, referenced_tables, run_sql_file, statement_label

# ``10_workout_bpm_summary.sql`` writes gold.workout_bpm_summary: the name after the order prefix.
ORDER_PREFIX = re.compile(r"^\d+_")


def gold_sql_dir() -> Path:
    """The packaged copy of ``databricks/sql/gold`` (a symlink in the source tree, real files in the wheel)."""
    return Path(str(resources.files("pulselake_lakehouse") / "sql" / "gold"))


def gold_sql_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or gold_sql_dir()).glob("*.sql"))


@dataclass(frozen=True)
class SqlFileRun:
    file: Path
    statements: list[StatementResult]

    @property
    def object_name(self) -> str:
        return ORDER_PREFIX.sub("", self.file.stem)

    @property
    def affected_rows(self) -> int | None:
        """Rows the file's statements changed; None when none of them reports a count (DDL, a view)."""
        counts = [s.affected_rows for s in self.statements if s.affected_rows is not None]
        return sum(counts) if counts else None


def reads_other_gold(path: Path) -> bool:
    """Whether a gold file names a gold object other than its own (it would depend on that file's run)."""
    return bool(referenced_tables(path.read_text(encoding="utf-8"), "gold") - {ORDER_PREFIX.sub("", path.stem)})


def run_gold_files(spark: SparkSession, cfg: LakeConfig, directory: Path | None = None) -> list[SqlFileRun]:
    """Runs every gold file, its statements in order; files that read only silver and their own object run
    side by side (a small gold MERGE is mostly per-job latency, which overlaps on two cores), the others after
    them in name order. Results come back in name order."""
    files = gold_sql_files(directory)
    independent = [path for path in files if not reads_other_gold(path)]
    calls = [lambda path=path: run_sql_file(spark, path, cfg) for path in independent]
    ran = dict(zip(independent, side_by_side(calls, "gold", workers=2), strict=True))
    return [SqlFileRun(path, ran[path] if path in ran else run_sql_file(spark, path, cfg)) for path in files]


def statement_summary(result: StatementResult) -> str:
    """A gold log line: what the statement writes (not its leading comment), rows, milliseconds."""
    # DDL reports no row count: say so rather than printing "None rows affected".
    affected = "no row count" if result.affected_rows is None else f"{result.affected_rows} rows affected"
    return f"{statement_label(result.text)} ({affected}, {round(result.seconds * 1000)} ms)"


def run_gold(spark: SparkSession, cfg: LakeConfig, directory: Path | None = None) -> StepReport:
    """Runs the gold SQL files; reports the rows their statements changed per gold object."""
    LOG.info("gold: sql/gold/*.sql")
    started = time.monotonic()
    runs = run_gold_files(spark, cfg, directory)
    for run in runs:
        for result in run.statements:
            LOG.info("gold: %s: %s", run.file.name, statement_summary(result))
    rows = {cfg.gold(run.object_name): run.affected_rows for run in runs if run.affected_rows is not None}
    report = StepReport("gold", time.monotonic() - started, rows, "rows affected")
    log_step(report)
    return report


def main(argv: Sequence[str] | None = None) -> None:
    job = job_context(argv, __doc__ or "")
    log_summary([run_gold(job.spark, job.cfg)])


if __name__ == "__main__":
    main()
