"""Gold job: runs every file of ``sql/gold/`` in name order (the same files a SQL warehouse runs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pyspark.sql import SparkSession

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.jobs.common import databricks_config, databricks_spark, ensure_schemas, parse_job_args
from pulselake_lakehouse.sql_files import StatementResult, run_sql_file


def gold_sql_dir() -> Path:
    """The packaged copy of ``databricks/sql/gold`` (a symlink in the source tree, real files in the wheel)."""
    return Path(str(resources.files("pulselake_lakehouse") / "sql" / "gold"))


def gold_sql_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or gold_sql_dir()).glob("*.sql"))


@dataclass(frozen=True)
class SqlFileRun:
    file: Path
    statements: list[StatementResult]


def run_gold(spark: SparkSession, cfg: LakeConfig, directory: Path | None = None) -> list[SqlFileRun]:
    files = gold_sql_files(directory)
    if not files:
        return []
    return [SqlFileRun(path, run_sql_file(spark, path, cfg)) for path in files]


def main(argv: Sequence[str] | None = None) -> None:
    cfg = databricks_config(parse_job_args(argv, description=__doc__ or ""))
    spark = databricks_spark()
    ensure_schemas(spark, cfg)
    for run in run_gold(spark, cfg):
        print(f"{run.file.name}: {len(run.statements)} statements")


if __name__ == "__main__":
    main()
