"""The read-only verbs of a local lake without a JVM: ``status`` and ``export`` read the Delta tables under
``$PULSELAKE_HOME/warehouse`` with delta-rs (the ``deltalake`` package) instead of starting Spark.

Starting Spark costs 5-10 s and a gigabyte before the first row; delta-rs reads the same Delta log (deletion
vectors included) and Parquet files in a fraction of a second. Output is what the Spark version printed.
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


def _query(path: Path, sql: str) -> list[dict[str, Any]]:
    """Runs ``sql`` over the table at ``path`` (registered as ``t``); rows as dicts of Python values."""
    from deltalake import DeltaTable, QueryBuilder  # imported late: absent on Databricks, where Spark reads

    reader = QueryBuilder().register("t", DeltaTable(str(path))).execute(sql)
    rows: list[dict[str, Any]] = []
    for batch in reader:
        names = batch.schema.names
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        rows += [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    return rows


def table_version(path: Path) -> int:
    from deltalake import DeltaTable

    return int(DeltaTable(str(path), without_files=True).version())


def table_status(warehouse: Path) -> list[dict[str, object]]:
    """Every table with its row count and Delta version."""
    return [
        {"table": t.name, "rows": row_count(t.path), "version": table_version(t.path)} for t in local_tables(warehouse)
    ]


def row_count(path: Path) -> int:
    return int(_query(path, "SELECT COUNT(*) AS n FROM t")[0]["n"])


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def export_table(table_path: Path, spec: GoldExport, out_dir: Path) -> int:
    """Writes ``out_dir/<table>.jsonl`` from the Delta table at ``table_path``; returns the number of rows."""
    from deltalake import DeltaTable

    available = [field.name for field in DeltaTable(str(table_path)).schema().fields]
    columns = ordered_columns(spec.columns, available)
    order = ", ".join(f"{_quoted(c)} ASC NULLS FIRST" for c in spec.sort_by)
    rows = _query(table_path, f"SELECT {', '.join(map(_quoted, columns))} FROM t ORDER BY {order}")
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / f"{spec.table}.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({c: json_value(row[c]) for c in columns}) + "\n")
    return len(rows)
