"""Runs the SQL files of ``databricks/sql/`` (format: ``databricks/sql/README.md``) on a Spark session.

The TypeScript runner applies the same two rules on a SQL warehouse: ``${silver}`` / ``${gold}`` become
the layer's schema name, and a statement ends at a line whose last non-blank character is ``;``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyspark.sql import SparkSession

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.side_by_side import side_by_side

PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
LAYER_PLACEHOLDERS = ("silver", "gold")


# Threads for DDL run side by side: each CREATE is mostly fixed latency (reading or writing a Delta log).
DDL_WORKERS = 4


def run_side_by_side(spark: SparkSession, statements: Iterable[str], name: str) -> None:
    """Runs independent statements (DDL that each reads or writes one table's Delta log, about 0.2 s of fixed
    latency apiece locally) on ``DDL_WORKERS`` threads; raises the first statement's error."""
    side_by_side([lambda text=text: spark.sql(text) for text in statements], name, DDL_WORKERS)


@dataclass(frozen=True)
class StatementResult:
    text: str
    seconds: float
    affected_rows: int | None  # MERGE/UPDATE/DELETE report it; DDL does not


def substitute(sql: str, cfg: LakeConfig) -> str:
    """Replaces ``${silver}`` and ``${gold}``; any other ``${...}`` is an error (never left to Spark)."""

    def schema_name(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in LAYER_PLACEHOLDERS:
            raise ValueError(f"unknown placeholder ${{{name}}} (only ${{silver}} and ${{gold}} exist)")
        return cfg.schema(name)  # type: ignore[arg-type]  # checked just above

    return PLACEHOLDER.sub(schema_name, sql)


def referenced_tables(sql: str, layer: str) -> set[str]:
    """The tables of ``layer`` (``silver`` or ``gold``) that ``sql`` names as ``${layer}.<table>``."""
    return set(re.findall(r"\$\{" + re.escape(layer) + r"\}\.(\w+)", sql))


def _has_code(statement: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in statement.splitlines())


def split_statements(sql: str) -> list[str]:
    """Statements end at a line ending with ``;`` (the ``;`` is dropped); comment-only chunks are skipped."""
    statements: list[str] = []
    current: list[str] = []
    for line in sql.splitlines():
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current).rstrip()[:-1].strip())
            current = []
    statements.append("\n".join(current).strip())  # a last statement may lack its ';'
    return [s for s in statements if _has_code(s)]


# What a statement does and to which table, e.g. "MERGE INTO gold.gym_summary" (the TypeScript runner's
# statementLabel applies the same pattern).
WRITE_TARGET = re.compile(
    r"^\s*(CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW)(?:\s+IF\s+NOT\s+EXISTS)?|MERGE\s+INTO|INSERT\s+(?:INTO|OVERWRITE)"
    r"(?:\s+TABLE)?|DELETE\s+FROM|UPDATE|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|TRUNCATE\s+TABLE|OPTIMIZE)\s+([\w.`]+)",
    re.IGNORECASE,
)


def statement_label(statement: str) -> str:
    """The statement's verb and the table it writes, for logs; else its first code line (comments skipped)."""
    code = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--"))
    match = WRITE_TARGET.match(code)
    if match:
        return f"{' '.join(match.group(1).upper().split())} {match.group(2)}"
    first = next((line.strip() for line in code.splitlines() if line.strip()), "")
    return first if len(first) <= 60 else first[:59] + "…"


def _affected_rows(result_columns: list[str], first_row: object | None) -> int | None:
    if first_row is None or "num_affected_rows" not in result_columns:
        return None
    return int(first_row["num_affected_rows"])  # type: ignore[index]


def run_sql(spark: SparkSession, sql: str, cfg: LakeConfig) -> list[StatementResult]:
    results = []
    for statement in split_statements(substitute(sql, cfg)):
        started = time.monotonic()
        result = spark.sql(statement)  # commands (DDL, MERGE) run right here
        first = result.first() if "num_affected_rows" in result.columns else None
        results.append(StatementResult(statement, time.monotonic() - started, _affected_rows(result.columns, first)))
    return results


def run_sql_file(spark: SparkSession, path: str | Path, cfg: LakeConfig) -> list[StatementResult]:
    """Runs every statement of one SQL file in order; returns text, duration and affected rows of each."""
    return run_sql(spark, Path(path).read_text(encoding="utf-8"), cfg)
