"""Running availableNow streams to completion and reading what they did (without extra count() actions)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from pyspark.sql.streaming import StreamingQuery

from pulselake_lakehouse.logs import LOG, StepReport, log_step

# ``DataStreamWriter.trigger(**trigger)`` arguments: the batch run drains what is there and stops; the watcher
# (``run --watch``) keeps the same queries, on the same checkpoints, running on a processing-time trigger.
Trigger = dict[str, object]
AVAILABLE_NOW: Trigger = {"availableNow": True}


def processing_time(seconds: float) -> Trigger:
    """A micro-batch every ``seconds`` (Spark aligns the batches of all queries to multiples of it)."""
    return {"processingTime": f"{round(seconds * 1000)} milliseconds"}


@dataclass(frozen=True)
class StreamRun:
    name: str
    input_rows: int
    batches: int
    seconds: float


def await_stream(query: StreamingQuery, started: float) -> StreamRun:
    """Waits for an availableNow query and sums its progress reports (raises if the query failed)."""
    query.awaitTermination()
    progress = [p for p in query.recentProgress if p]
    rows = sum(int(p.get("numInputRows", 0)) for p in progress)
    batches = sum(1 for p in progress if int(p.get("numInputRows", 0)) > 0)
    return StreamRun(query.name or "", rows, batches, time.monotonic() - started)


def run_streams(starters: dict[str, Callable[[], StreamingQuery]]) -> list[StreamRun]:
    """Starts every stream, then waits for all: small feeds overlap instead of queueing behind each other."""
    started = time.monotonic()
    queries = {name: start() for name, start in starters.items()}
    return [await_stream(query, started) for query in queries.values()]


def run_stream_step(
    step: str, title: str, starters: dict[str, Callable[[], StreamingQuery]], table: Callable[[str], str]
) -> StepReport:
    """One step made of streams (bronze, silver): runs them, logs and returns the rows each read per table."""
    LOG.info("%s: %s", step, title)
    started = time.monotonic()
    runs = run_streams(starters)
    rows = {table(name): run.input_rows for name, run in zip(starters, runs, strict=True)}
    report = StepReport(step, time.monotonic() - started, rows, "rows read")
    log_step(report)
    return report
