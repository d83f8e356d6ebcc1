"""The read-only verbs of a local lake without a JVM: ``status`` and ``export`` read the Delta tables under
``$PULSELAKE_HOME/warehouse`` with delta-rs (the ``deltalake`` package) instead of starting Spark.

With Spark, ``status`` on a lake of ~770k BPM readings took 25-46 s, most of it starting the JVM and planning
one job per table; delta-rs reads the same Delta log (deletion vectors included) and Parquet files directly.
Output is what the Spark version printed (docs/performance.md has the figures).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulselake_lakehouse.config import LAYERS
from pulselake_lakehouse.export import GoldExport, json_value, ordered_columns


@dataclass(frozen=True)
class LocalTable:
    name: str  # two-level name, as the local Spark catalog registers it (``silver.heart_rate``)
    path: Path


def local_tables(warehouse: Path) -> list[LocalTable]:
    """Every Delta table of every layer, layers in order and tables by name (as ``spark.catalog.listTables``)."""
    tables: list[LocalTable] = []
    for layer in LAYERS:
        layer_dir = warehouse / layer
        if layer_dir.is_dir():
            tables += [
                LocalTable(f"{layer}.{d.name}", d) for d in sorted(layer_dir.iterdir()) if (d / "_delta_log").is_dir()
            ]
    return tables


def _open(path: Path) -> Any:
    from deltalake import DeltaTable  # imported late: absent on Databricks, where Spark reads

    return DeltaTable(str(path))


def _query(table: Any, sql: str) -> list[dict[str, Any]]:
    """Runs ``sql`` over ``table`` (a delta-rs DeltaTable, registered as ``t``); rows as dicts of Python values."""
    from deltalake import QueryBuilder

    rows: list[dict[str, Any]] = []
    for batch in QueryBuilder().register("t", table).execute(sql):
        names = batch.schema.names
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        rows += [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    return rows


def table_status(warehouse: Path) -> list[dict[str, object]]:
    """Every table with its row count (deletion vectors applied) and Delta version."""
    status: list[dict[str, object]] = []
    for local in local_tables(warehouse):
        table = _open(local.path)
        rows = int(_query(table, "SELECT COUNT(*) AS n FROM t")[0]["n"])
        status.append({"table": local.name, "rows": rows, "version": int(table.version())})
    return status


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def export_table(table_path: Path, spec: GoldExport, out_dir: Path) -> int:
    """Writes ``out_dir/<table>.jsonl`` from the Delta table at ``table_path``; returns the number of rows."""
    table = _open(table_path)
    columns = ordered_columns(spec.columns, [field.name for field in table.schema().fields])
    order = ", ".join(f"{_quoted(c)} ASC NULLS FIRST" for c in spec.sort_by)
    rows = _query(table, f"SELECT {', '.join(map(_quoted, columns))} FROM t ORDER BY {order}")
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / f"{spec.table}.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({c: json_value(row[c]) for c in columns}) + "\n")
    return len(rows)
