"""Local entry: ``python -m pulselake_lakehouse.local <verb> --home DIR`` on Spark local mode + Delta.

Verbs: ``run`` (the bronze, silver and gold steps once, availableNow, in one JVM: the same functions the
wheel's entry points call), ``export --out DIR`` and ``status`` (read with delta-rs, no JVM: ``readonly``)
and ``run-sql FILE...``. Progress is logged
(``logging``, plain lines) to stdout, one line per step and table; ``run-sql`` and ``status --json`` print
one JSON object per line on stdout instead, and their log lines go to stderr. ``run --watch`` keeps the
same steps running as long-lived processing-time streams until SIGINT/SIGTERM (``watch.py``).
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

from pulselake_lakehouse.config import DEFAULT_MAX_WORKOUT_HOURS, LakeConfig
from pulselake_lakehouse.export import GOLD_EXPORTS
from pulselake_lakehouse.jobs.bronze import run_bronze
from pulselake_lakehouse.jobs.gold import run_gold
from pulselake_lakehouse.jobs.silver import run_derived, run_silver_streams
from pulselake_lakehouse.logs import LOG, PLAIN_FORMAT, StepReport, configure_logging, log_summary
from pulselake_lakehouse.readonly import export_table, table_status
from pulselake_lakehouse.silver.tables import ensure_silver_views
from pulselake_lakehouse.spark import local_spark, stop_spark
from pulselake_lakehouse.sql_files import StatementResult, run_sql_file, statement_label
from pulselake_lakehouse.watch import Event, Watcher, WatchOptions, format_event, run_until_stopped


def emit(line: str) -> None:
    """A data line (JSON or a table row) on stdout: what a script reads, not a log line."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def start_spark(home: Path) -> SparkSession:
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
    LOG.info("spark: session ready in %.1f s", time.monotonic() - started)
    return spark


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


def run_all(spark: SparkSession, cfg: LakeConfig) -> list[StepReport]:
    """The bronze, silver and gold steps once, in order, each stream availableNow; returns what each did."""
    reports = [run_bronze(spark, cfg), run_silver_streams(spark, cfg)]
    state = DerivedState(cfg, dt.datetime.now(dt.timezone.utc).date())
    if reports[-1].total_rows == 0 and not state.pending():
        LOG.info("derived: no new silver rows today, derived silver and gold are up to date")
        return reports
    state.set(True)
    reports += [run_derived(spark, cfg), run_gold(spark, cfg)]
    state.set(False)
    return reports


def watch(spark: SparkSession, cfg: LakeConfig, options: WatchOptions, json_lines: bool) -> None:
    """``run --watch``: runs until SIGINT or SIGTERM, then stops at a batch boundary (see ``watch.py``)."""

    def progress(event: Event) -> None:
        emit(json.dumps({**event, "line": format_event(event)}) if json_lines else format_event(event))

    run_until_stopped(Watcher(spark, cfg, options, progress), progress, watch_parent=True)


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


def read_only_verb(args: argparse.Namespace, home: Path) -> int:
    """``export`` and ``status``: read the Delta tables with delta-rs, no Spark session (see ``readonly``)."""
    warehouse = Path(LakeConfig.warehouse_dir(home))
    if args.verb == "export":
        for spec in GOLD_EXPORTS:
            count = export_table(warehouse / "gold" / spec.table, spec, args.out)
            LOG.info("export: %s %d rows", args.out / (spec.table + ".jsonl"), count)
    else:
        for entry in table_status(warehouse):
            emit(
                json.dumps(entry)
                if args.json
                else f"{entry['table']:<32} {entry['rows']:>10} rows  v{entry['version']}"
            )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pulselake_lakehouse.local", description=__doc__)
    parser.add_argument("--home", required=True, type=Path, help="PULSELAKE_HOME: landing/, warehouse/, checkpoints/")
    verbs = parser.add_subparsers(dest="verb", required=True)
    run = verbs.add_parser("run", help="run every job once (availableNow), or keep them running (--watch)")
    run.add_argument("--watch", action="store_true", help="long-lived streams until SIGINT/SIGTERM")
    run.add_argument(
        "--interval",
        type=positive_seconds,
        default=WatchOptions.interval,
        help="--watch: seconds between micro-batches",
    )
    run.add_argument(
        "--gold-interval",
        type=positive_seconds,
        default=WatchOptions.gold_interval,
        help="--watch: seconds between golds",
    )
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
    data_on_stdout = args.verb == "run-sql" or getattr(args, "json", False)
    configure_logging(sys.stderr if data_on_stdout else sys.stdout, PLAIN_FORMAT)
    if args.verb in ("export", "status"):
        return read_only_verb(args, home)
    started = time.monotonic()
    spark = start_spark(home)
    try:
        spark_verb(args, spark, cfg, started)
    finally:
        stop_spark(spark)
    return 0


def spark_verb(args: argparse.Namespace, spark: SparkSession, cfg: LakeConfig, started: float) -> None:
    """``run`` (once or ``--watch``) and ``run-sql``, on the session ``main`` started."""
    if args.verb == "run" and args.watch:
        options = WatchOptions(interval=args.interval, gold_interval=args.gold_interval, export_dir=args.export)
        watch(spark, cfg, options, json_lines=args.json)
        LOG.info("run: watched for %.1f s", time.monotonic() - started)
    elif args.verb == "run":
        log_summary(run_all(spark, cfg))
        LOG.info("run: done in %.1f s", time.monotonic() - started)
    elif args.verb == "run-sql":
        ensure_silver_views(spark, cfg)  # locally a view lives in one session's catalog: the SQL may read them
        for file in args.files:
            for result in run_sql_file(spark, file.resolve(), cfg):
                emit(json.dumps(statement_json(file, result)))


if __name__ == "__main__":
    sys.exit(main())
