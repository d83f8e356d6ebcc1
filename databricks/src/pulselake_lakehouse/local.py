"""Local entry: ``python -m pulselake_lakehouse.local <verb> --home DIR`` on Spark local mode + Delta.

Verbs: ``run`` (ingest, silver, derived silver, gold: every job once, availableNow, in one JVM; with ``--watch``
the same steps as long-lived processing-time streams until SIGINT/SIGTERM, see ``watch.py``),
``export --out DIR``, ``status`` and ``run-sql FILE...``. Progress goes to stdout, one line per step;
``run-sql`` and ``status --json`` print one JSON object per line instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pyspark.sql import SparkSession

from pulselake_lakehouse.config import DEFAULT_MAX_WORKOUT_HOURS, LAYERS, LakeConfig
from pulselake_lakehouse.export import GOLD_EXPORTS, export_table
from pulselake_lakehouse.jobs.gold import run_gold
from pulselake_lakehouse.jobs.ingest import run_ingest
from pulselake_lakehouse.jobs.silver import refresh_derived, run_silver_streams
from pulselake_lakehouse.spark import local_spark
from pulselake_lakehouse.sql_files import StatementResult, run_sql_file, statement_label
from pulselake_lakehouse.streams import StreamRun
from pulselake_lakehouse.watch import Event, Watcher, WatchOptions, format_event, run_until_stopped


def say(message: str) -> None:
    print(message, flush=True)


def start_spark(home: Path, data_on_stdout: bool) -> SparkSession:
    """Starts Spark with the JVM's stdout on our stderr: stdout carries only our own lines (JSON for some verbs)."""
    started = time.monotonic()
    sys.stdout.flush()
    saved_stdout = os.dup(1)
    os.dup2(2, 1)  # the JVM child inherits fd 1 at launch (Ivy and log4j write there)
    try:
        spark = local_spark(LakeConfig.warehouse_dir(home))
    finally:
        os.dup2(saved_stdout, 1)
        os.close(saved_stdout)
    print(
        f"spark: session ready in {time.monotonic() - started:.1f} s", file=sys.stderr if data_on_stdout else sys.stdout
    )
    return spark


def report_streams(stage: str, runs: list[StreamRun], seconds: float) -> int:
    for run in runs:
        say(f"{stage}: {run.name} {run.input_rows} rows in {run.batches} batches")
    total = sum(run.input_rows for run in runs)
    say(f"{stage}: {total} rows in {seconds:.1f} s")
    return total


class DerivedState:
    """Whether derived silver and gold still have to catch up with silver (survives a failed run).

    A run with no new silver rows on the day of the last refresh skips them, so it leaves every table
    (and Delta version) as it was; on a new day they run again (``user_bins`` ages are as of today).
    """

    def __init__(self, cfg: LakeConfig, today: dt.date) -> None:
        self.path = Path(cfg.checkpoint("gold")) / "_refresh_state.json"
        self.today = today.isoformat()

    def pending(self) -> bool:
        if not self.path.exists():
            return True  # never completed: the first run builds gold even from an empty lake
        state = json.loads(self.path.read_text(encoding="utf-8"))
        return bool(state["pending"]) or state["as_of"] != self.today

    def set(self, pending: bool) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"pending": pending, "as_of": self.today}), encoding="utf-8")


def timed(stage: str, step: str) -> float:
    say(f"{stage}: {step}")
    return time.monotonic()


def run_all(spark: SparkSession, cfg: LakeConfig) -> None:
    """Every job once, in order, each stream availableNow."""
    started = timed("bronze", "landing -> bronze")
    report_streams("bronze", run_ingest(spark, cfg), time.monotonic() - started)

    started = timed("silver", "bronze -> silver (MERGE per micro-batch)")
    new_rows = report_streams("silver", run_silver_streams(spark, cfg), time.monotonic() - started)

    state = DerivedState(cfg, dt.datetime.now(dt.timezone.utc).date())
    if new_rows == 0 and not state.pending():
        say("derived: no new silver rows today, derived silver and gold are up to date")
        return
    state.set(True)
    started = timed("derived", "completed_workouts, workout_bpm, user_bins")
    refresh_derived(spark, cfg)
    say(f"derived: done in {time.monotonic() - started:.1f} s")

    started = timed("gold", "sql/gold/*.sql")
    for file_run in run_gold(spark, cfg):
        for result in file_run.statements:
            say(f"gold: {file_run.file.name}: {statement_summary(result)}")
    say(f"gold: done in {time.monotonic() - started:.1f} s")
    state.set(False)


def watch(spark: SparkSession, cfg: LakeConfig, options: WatchOptions, json_lines: bool) -> None:
    """``run --watch``: runs until SIGINT or SIGTERM, then stops at a batch boundary (see ``watch.py``)."""

    def emit(event: Event) -> None:
        say(json.dumps({**event, "line": format_event(event)}) if json_lines else format_event(event))

    run_until_stopped(Watcher(spark, cfg, options, emit), emit, watch_parent=True)


def positive_seconds(text: str) -> float:
    """A duration in seconds (the CLI passes ``--interval 10s`` as ``10``)."""
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of seconds")
    return value


def statement_json(file: Path, result: StatementResult) -> dict[str, object]:
    """One ``run-sql`` output line: {file, statement, label, duration_ms, affected_rows}."""
    return {
        "file": str(file),
        "statement": result.text,
        "label": statement_label(result.text),
        "duration_ms": round(result.seconds * 1000),
        "affected_rows": result.affected_rows,
    }


def statement_summary(result: StatementResult) -> str:
    line = statement_json(Path(), result)
    # DDL reports no row count: say so rather than printing "None rows affected".
    affected = "no row count" if line["affected_rows"] is None else f"{line['affected_rows']} rows affected"
    return f"{line['label']} ({affected}, {line['duration_ms']} ms)"


def table_status(spark: SparkSession, cfg: LakeConfig) -> list[dict[str, object]]:
    """Every table of every layer with its row count and Delta version."""
    rows: list[dict[str, object]] = []
    for layer in LAYERS:
        for table in spark.catalog.listTables(cfg.schema(layer)):
            name = cfg.table(layer, table.name)
            version = spark.sql(f"DESCRIBE HISTORY {name} LIMIT 1").first()
            rows.append(
                {
                    "table": name,
                    "rows": spark.table(name).count(),
                    "version": version["version"] if version else None,
                }
            )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pulselake_lakehouse.local", description=__doc__)
    parser.add_argument("--home", required=True, type=Path, help="PULSELAKE_HOME: landing/, warehouse/, checkpoints/")
    verbs = parser.add_subparsers(dest="verb", required=True)
    run = verbs.add_parser("run", help="run every job once (availableNow), or keep them running (--watch)")
    run.add_argument("--watch", action="store_true", help="long-lived streams until SIGINT/SIGTERM")
    run.add_argument("--interval", type=positive_seconds, default=10.0, help="--watch: seconds between micro-batches")
    run.add_argument("--gold-interval", type=positive_seconds, default=30.0, help="--watch: seconds between golds")
    run.add_argument("--export", type=Path, help="--watch: write gold as JSON lines here after every refresh")
    run.add_argument("--json", action="store_true", help="--watch: one JSON object per progress event")
    export = verbs.add_parser("export", help="write the gold tables as JSON lines")
    export.add_argument("--out", required=True, type=Path)
    status = verbs.add_parser("status", help="every table with its row count")
    status.add_argument("--json", action="store_true", help="one JSON object per table")
    run_sql = verbs.add_parser("run-sql", help="run SQL files on the local warehouse")
    run_sql.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)

    home: Path = args.home.resolve()
    # Set by the TypeScript CLI from its settings registry (PULSELAKE_MAX_WORKOUT_HOURS, validated there).
    cfg = LakeConfig.local(home, float(os.environ.get("PULSELAKE_MAX_WORKOUT_HOURS") or DEFAULT_MAX_WORKOUT_HOURS))
    started = time.monotonic()
    spark = start_spark(home, data_on_stdout=args.verb == "run-sql" or getattr(args, "json", False))
    if args.verb == "run" and args.watch:
        options = WatchOptions(interval=args.interval, gold_interval=args.gold_interval, export_dir=args.export)
        watch(spark, cfg, options, json_lines=args.json)
        say(f"run: watched for {time.monotonic() - started:.1f} s")
    elif args.verb == "run":
        run_all(spark, cfg)
        say(f"run: done in {time.monotonic() - started:.1f} s")
    elif args.verb == "export":
        for spec in GOLD_EXPORTS:
            count = export_table(spark, cfg, spec, args.out)
            say(f"export: {args.out / (spec.table + '.jsonl')} {count} rows")
    elif args.verb == "status":
        for entry in table_status(spark, cfg):
            say(
                json.dumps(entry)
                if args.json
                else f"{entry['table']:<32} {entry['rows']:>10} rows  v{entry['version']}"
            )
    elif args.verb == "run-sql":
        for file in args.files:
            for result in run_sql_file(spark, file.resolve(), cfg):
                say(json.dumps(statement_json(file, result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
