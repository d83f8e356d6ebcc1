"""``run --watch``: the batch run's steps as long-lived Structured Streaming queries in one Spark session.

- bronze and silver: the same stream starters as the batch run (``start_bronze_stream``, ``start_silver_stream``),
  on the same checkpoints, with a processing-time trigger instead of availableNow: bronze every interval, silver
  polling for new bronze versions every ``SILVER_POLL_SECONDS`` (so it merges a bronze batch seconds after its
  commit, not at the next trigger; a poll that finds nothing runs no micro-batch). A restart, or a batch run,
  resumes from those checkpoints: a micro-batch cut short by a stop is replayed with the same offsets, and both
  sinks are idempotent for a replay (Delta's streaming sink by batch id, the silver MERGEs by their keys);
- derived silver: ``refresh_derived`` right before each gold refresh when silver merged rows since the last one
  (without gold, on Databricks: after every cycle in which silver merged rows);
- gold: the gold SQL files (the statements the timer function runs) every ``gold_interval`` seconds, skipped when
  none of the silver tables they read has a new Delta version.

A cycle is one trigger interval: the loop wakes a moment after each trigger time, waits until bronze's micro-batches
of that trigger and the silver ones that merge them are done, then prints the rows each query read, the longest
micro-batch and the lag from the newest landed file to silver and to gold, and refreshes derived silver and gold
when due. SIGINT/SIGTERM end the loop; each query is stopped between two micro-batches, then derived silver and
gold catch up with what silver holds.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery

from pulselake_lakehouse.bronze import start_bronze_stream
from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.export import GOLD_EXPORTS
from pulselake_lakehouse.feed_schemas import FEEDS
from pulselake_lakehouse.jobs.gold import gold_sql_files, run_gold
from pulselake_lakehouse.jobs.silver import start_silver_stream
from pulselake_lakehouse.sql_files import referenced_tables
from pulselake_lakehouse.streams import processing_time

Event = dict[str, Any]


@dataclass(frozen=True)
class WatchOptions:
    # Seconds between micro-batches of every bronze and silver query. Each micro-batch pays a fixed cost per
    # query (ten queries): at 10 s they kept 1.8 of 2 cores busy under the bench's load and freshness was worse
    # than at 20 s (docs/streaming.md, "Periods").
    interval: float = 20.0
    # Seconds between gold refreshes (skipped when silver did not change); None: no gold (on Databricks the
    # timer function is gold's only writer).
    gold_interval: float | None = 20.0
    export_dir: Path | None = None  # gold as JSON lines after every refresh (the live demo's report reads it)
    stop_timeout: float = 120.0  # longest wait for a running micro-batch when stopping


def gold_sources(files: list[Path] | None = None) -> list[str]:
    """The silver tables the gold SQL reads (its ``${silver}.<table>`` references): what decides a refresh."""
    found = {name for path in files or gold_sql_files() for name in referenced_tables(path.read_text(), "silver")}
    return sorted(found)


class LandedThrough:
    """Per feed, the newest landing-file time (epoch seconds) that silver has merged. Fed by the silver batches
    (on Spark's callback threads), read by the watch loop."""

    def __init__(self, initial: dict[str, float] | None = None) -> None:
        self._lock = threading.Lock()
        self._newest: dict[str, float] = dict(initial or {})

    def observe(self, feed: str, batch: DataFrame) -> None:
        newest = batch.agg(F.max(F.col("file_modification_time").cast("double"))).first()[0]
        if newest is not None:
            self.record(feed, float(newest))

    def record(self, feed: str, newest: float) -> None:
        with self._lock:
            self._newest[feed] = max(newest, self._newest.get(feed, newest))

    def snapshot(self) -> dict[str, float]:
        with self._lock:
            return dict(self._newest)


@dataclass
class Cycle:
    """What every query did since the previous cycle."""

    number: int
    bronze: dict[str, int] = field(default_factory=dict)
    silver: dict[str, int] = field(default_factory=dict)
    batch_seconds: float = 0.0

    def add(self, layer: str, feed: str, progress: list[dict[str, Any]]) -> None:
        rows = sum(int(p.get("numInputRows", 0)) for p in progress)
        if rows:
            (self.bronze if layer == "bronze" else self.silver)[feed] = rows
        for p in progress:
            if int(p.get("numInputRows", 0)):
                longest = int(p.get("durationMs", {}).get("triggerExecution", 0)) / 1000
                self.batch_seconds = max(self.batch_seconds, longest)

    @property
    def silver_rows(self) -> int:
        return sum(self.silver.values())

    @property
    def any_rows(self) -> bool:
        return bool(self.bronze or self.silver)


def format_event(event: Event) -> str:
    """The human progress line of an event (``--json`` prints the event itself)."""
    kind = event["event"]
    if kind == "cycle":
        counts = " | ".join(
            f"{layer} " + (", ".join(f"{feed} {rows}" for feed, rows in event[layer].items()) or "-")
            for layer in ("bronze", "silver")
        )
        lags = "".join(
            f" | {name} lag {event[key]:.1f} s"
            for name, key in (("silver", "silver_lag_s"), ("gold", "gold_lag_s"))
            if event.get(key) is not None
        )
        return f"watch: batch {event['cycle']}: {counts} | {event['batch_seconds']:.1f} s{lags}"
    if kind == "derived":
        return f"watch: derived silver refreshed in {event['seconds']:.1f} s"
    if kind == "gold":
        lag = "" if event["lag_s"] is None else f", newest landed file -> gold {event['lag_s']:.1f} s"
        return f"watch: gold refreshed in {event['seconds']:.1f} s{lag}"
    if kind == "gold_current":
        return "watch: gold already up to date (the silver tables it reads did not change)"
    if kind == "started":
        gold = "no gold" if event["gold_interval"] is None else f"gold every {event['gold_interval']:g} s"
        every = f"{event['queries']} streams: bronze every {event['interval']:g} s, silver as bronze commits"
        return f"watch: {every}, {gold} (Ctrl-C stops at a batch boundary)"
    if kind == "stopping":
        return f"watch: stopping at the next batch boundary ({event['signal']})"
    if kind == "stopped":
        return f"watch: stopped after {event['cycles']} batches"
    return json.dumps(event)


class NoState:
    """Stands in for ``DerivedState`` where the watcher does not refresh gold."""

    @staticmethod
    def pending() -> bool:
        return False

    @staticmethod
    def set(_pending: bool) -> None:
        return None


class Watcher:
    """The long-lived queries plus the loop that refreshes derived silver and gold."""

    def __init__(
        self,
        spark: SparkSession,
        cfg: LakeConfig,
        options: WatchOptions,
        emit: Callable[[Event], None],
        today: Callable[[], date] = lambda: datetime.now(timezone.utc).date(),
    ) -> None:
        from pulselake_lakehouse.local import DerivedState  # the batch run's state: the modes can be switched

        self.spark, self.cfg, self.options, self.emit, self.today = spark, cfg, options, emit, today
        # The batch run's record of whether derived silver and gold are behind; only where gold is ours to refresh.
        self.state = (lambda: DerivedState(cfg, today())) if options.gold_interval is not None else NoState
        # What gold held when the last watcher stopped, so that a restart knows it (feeds with nothing new).
        self.landed_file = (
            Path(cfg.checkpoint("gold")) / "_landed_through.json" if options.gold_interval is not None else None
        )
        held = read_landed(self.landed_file)
        self.landed = LandedThrough(held)
        self.queries: dict[tuple[str, str], StreamingQuery] = {}
        self.seen: dict[tuple[str, str], str] = {}
        self.cycles = 0
        self.sources = gold_sources()
        self.gold_versions: dict[str, int] | None = None
        self.last_gold = float("-inf")
        self.gold_lag: float | None = None
        self.derived_pending = False
        self.derived_day = today()
        self.landed_for_gold: dict[str, float] = dict(held)
        self.gold_landed_through: dict[str, float] = dict(held)

    def start(self) -> None:
        from pulselake_lakehouse.silver import ensure_silver_tables

        ensure_silver_tables(self.spark, self.cfg)
        trigger = processing_time(self.options.interval)
        for feed in FEEDS:
            if not self.cfg.on_databricks:  # the file source needs the folder; a feed may not have landed yet
                Path(self.cfg.landing(feed)).mkdir(parents=True, exist_ok=True)
            self.queries[("bronze", feed)] = start_bronze_stream(self.spark, self.cfg, feed, trigger)
        poll = processing_time(silver_poll_seconds(self.options.interval))
        for feed in FEEDS:
            self.queries[("silver", feed)] = start_silver_stream(
                self.spark, self.cfg, feed, poll, after_merge=self.landed.observe
            )
        self.derived_pending = self.state().pending()
        if not self.derived_pending:  # the last run left gold up to date with these versions
            self.gold_versions = self.silver_versions()
        self.emit(
            {
                "event": "started",
                "queries": len(self.queries),
                "interval": self.options.interval,
                "gold_interval": self.options.gold_interval,
            }
        )

    def silver_versions(self) -> dict[str, int]:
        from pulselake_lakehouse.silver.progress import table_version

        return {name: table_version(self.spark, self.cfg.silver(name)) for name in self.sources}

    def raise_if_failed(self) -> None:
        for (layer, feed), query in self.queries.items():
            error = query.exception()
            if error is not None or not query.isActive:
                raise RuntimeError(f"the {layer} stream of {feed} stopped: {error or 'not active'}")

    def collect(self) -> Cycle:
        """The progress reports every query made since the last call."""
        cycle = Cycle(self.cycles + 1)
        for key, query in self.queries.items():
            after = self.seen.get(key, "")
            fresh = [p for p in query.recentProgress if p and str(p.get("timestamp", "")) > after]
            if fresh:
                self.seen[key] = max(str(p["timestamp"]) for p in fresh)
                cycle.add(key[0], key[1], fresh)
        return cycle

    def cycle(self) -> Cycle:
        """One turn of the loop: report the micro-batches, refresh derived silver, gold when it is due."""
        self.raise_if_failed()
        cycle = self.report(self.collect())
        # A new day moves user_bins ages, as in the batch run.
        if cycle.silver_rows or self.today() != self.derived_day:
            self.derived_pending = True
        gold_interval = self.options.gold_interval
        # Cycles end where silver's batches end, a varying point of their trigger interval: a period is over half
        # an interval early rather than, by a moment, one whole interval late.
        gold_due = (
            gold_interval is not None and time.monotonic() - self.last_gold >= gold_interval - self.options.interval / 2
        )
        if gold_due:
            # The period runs from when gold fell due: the derived refresh before it is part of the period, not
            # added to it (counted from gold's own start, a 25 s derived refresh stretched a 30 s period to 55 s).
            self.last_gold = time.monotonic()
        # Derived silver is read only by gold: where gold is refreshed here it is brought up to date right before
        # gold, once per gold period, not after every micro-batch (under a steady BPM stream that was every cycle,
        # and its fixed cost per refresh took most of the CPU). Without gold (Databricks) it follows silver.
        if self.derived_pending and (gold_interval is None or gold_due):
            self.refresh_derived()
        if gold_due:
            self.refresh_gold()
        return cycle

    def report(self, cycle: Cycle) -> Cycle:
        """Prints the cycle's progress line (cycles in which no query read a row are not printed)."""
        if not cycle.any_rows:
            return cycle
        self.cycles = cycle.number
        newest = max(self.landed.snapshot().values(), default=None)
        self.emit(
            {
                "event": "cycle",
                "cycle": cycle.number,
                "bronze": cycle.bronze,
                "silver": cycle.silver,
                "batch_seconds": round(cycle.batch_seconds, 3),
                "silver_lag_s": None if newest is None else round(time.time() - newest, 3),
                "gold_lag_s": None if self.gold_lag is None else round(self.gold_lag, 3),
            }
        )
        return cycle

    def refresh_derived(self) -> None:
        self.landed_for_gold = self.landed.snapshot()  # what silver held when derived silver read it
        self.state().set(True)
        started = time.monotonic()
        from pulselake_lakehouse.silver import refresh_derived

        refresh_derived(self.spark, self.cfg, max_workout_seconds=self.cfg.max_workout_seconds)
        self.derived_pending, self.derived_day = False, self.today()
        self.emit({"event": "derived", "seconds": round(time.monotonic() - started, 3)})

    def refresh_gold(self) -> bool:
        """Runs the gold SQL unless no silver table it reads changed since the last refresh; True if it ran."""
        landed = self.landed_for_gold
        versions = self.silver_versions()
        if versions == self.gold_versions:  # e.g. only replays landed: gold already holds what silver holds
            if landed != self.gold_landed_through:
                self.emit({"event": "gold_current", "landed_through": rounded(landed)})
            self.hold(landed)
            if not self.derived_pending:
                self.state().set(False)
            return False
        started = time.monotonic()
        run_gold(self.spark, self.cfg)
        if self.options.export_dir is not None:
            export_gold(self.spark, self.cfg, self.options.export_dir)
        done = time.time()
        self.gold_versions = versions
        self.hold(landed)
        if not self.derived_pending:
            self.state().set(False)
        self.gold_lag = done - max(landed.values()) if landed else None
        self.emit(
            {
                "event": "gold",
                "at": round(done, 3),
                "seconds": round(time.monotonic() - started, 3),
                "landed_through": rounded(landed),
                "lag_s": None if self.gold_lag is None else round(self.gold_lag, 3),
            }
        )
        return True

    def hold(self, landed: dict[str, float]) -> None:
        """Records that gold holds every landing file up to ``landed`` (and keeps it for the next start)."""
        self.gold_landed_through = landed
        if self.landed_file is not None:
            self.landed_file.parent.mkdir(parents=True, exist_ok=True)
            self.landed_file.write_text(json.dumps(landed), encoding="utf-8")

    def caught_up(self, landed: dict[str, float]) -> bool:
        """Whether gold holds every landing file of each feed up to the given time (epoch seconds)."""
        return all(self.gold_landed_through.get(feed, float("-inf")) >= newest for feed, newest in landed.items())

    def stop(self) -> None:
        """Stops every query between two micro-batches, then lets derived silver and gold catch up."""
        for query in self.queries.values():
            stop_between_batches(query, self.options.stop_timeout)
        last = self.report(self.collect())  # the batches that ran since the last cycle
        self.queries.clear()
        if last.silver_rows or self.derived_pending or self.state().pending():
            self.refresh_derived()
        if self.options.gold_interval is not None:
            self.refresh_gold()
        self.emit({"event": "stopped", "cycles": self.cycles})

    def wait_for_batches(self, stopping: threading.Event, until: float) -> None:
        """Waits (until the epoch time ``until`` at most) for the micro-batches of the trigger that just fired: the
        bronze ones, then the silver ones that merge them (a silver query sees a bronze commit at its next poll).
        The cycle then reports them, and derived silver and gold read what silver merged as soon as it is there.
        """

        def wait_while_busy(layer: str) -> bool:
            """False when stopping was requested meanwhile."""
            queries = [query for (on, _feed), query in self.queries.items() if on == layer]
            while any(in_micro_batch(query) for query in queries) and time.time() < until:
                if stopping.wait(BATCH_POLL_SECONDS):
                    return False
            return True

        if not wait_while_busy("bronze"):
            return
        # A silver query sees bronze's last commit at its next poll: give it that long to start its batch.
        first_poll = silver_poll_seconds(self.options.interval) + BATCH_POLL_SECONDS
        if stopping.wait(max(0.0, min(first_poll, until - time.time()))):
            return
        wait_while_busy("silver")

    def run(self, stopping: threading.Event) -> None:
        """Starts the queries, loops until ``stopping`` is set, then stops cleanly."""
        self.start()
        interval = self.options.interval
        trigger = next_trigger_time(interval)
        try:
            while not stopping.wait(max(0.0, trigger + settle_seconds(interval) - time.time())):
                self.wait_for_batches(stopping, until=trigger + interval + settle_seconds(interval))
                if stopping.is_set():
                    break
                self.cycle()
                # The next trigger, or, when this cycle ran past it, the latest one that fired (nothing is skipped:
                # a cycle reports every batch since the last one).
                trigger = max(trigger + interval, next_trigger_time(interval) - interval)
        except BaseException:
            for query in self.queries.values():
                query.stop()  # a failed loop leaves no query behind; the checkpoints replay what was cut short
            raise
        self.stop()


def run_until_stopped(watcher: Watcher, emit: Callable[[Event], None], watch_parent: bool = False) -> None:
    """Runs the watcher until SIGINT or SIGTERM (or, with ``watch_parent``, until the parent process is gone)."""
    stopping = threading.Event()

    def on_signal(number: int, _frame: object) -> None:
        if not stopping.is_set():
            emit({"event": "stopping", "signal": signal.Signals(number).name})
        stopping.set()

    def stop_when_orphaned(parent: int) -> None:
        """A runner started in its own process group (the live demo) must not outlive the process that started it."""
        while not stopping.wait(2.0):
            if os.getppid() != parent:
                emit({"event": "stopping", "signal": "parent exited"})
                stopping.set()

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, on_signal)
    if watch_parent:
        threading.Thread(target=stop_when_orphaned, args=(os.getppid(),), daemon=True).start()
    watcher.run(stopping)


def read_landed(path: Path | None) -> dict[str, float]:
    if path is None or not path.exists():
        return {}
    return {feed: float(t) for feed, t in json.loads(path.read_text(encoding="utf-8")).items()}


def rounded(landed: dict[str, float]) -> dict[str, float]:
    return {feed: round(t, 3) for feed, t in sorted(landed.items())}


# How often, in watch mode, a silver query looks for new bronze versions: an empty poll lists the Delta log and
# runs no micro-batch, and a bronze batch then reaches silver within this time instead of at the next trigger.
SILVER_POLL_SECONDS = 2.0
# How often the loop looks whether the queries are still in a micro-batch.
BATCH_POLL_SECONDS = 0.2


def silver_poll_seconds(interval: float) -> float:
    return min(interval, SILVER_POLL_SECONDS)


def next_trigger_time(interval: float, now: float | None = None) -> float:
    """The next trigger time (epoch seconds): Spark's processing-time triggers fire at the multiples of the interval."""
    now = time.time() if now is None else now
    return (now // interval + 1) * interval


def settle_seconds(interval: float) -> float:
    """How long after a trigger time the loop first looks: Spark has started that trigger's micro-batches by then."""
    return min(1.0, interval / 4)


def in_micro_batch(query: StreamingQuery) -> bool:
    return bool(query.isActive and query.status.get("isTriggerActive"))


def stop_between_batches(query: StreamingQuery, timeout: float) -> None:
    """Waits (up to ``timeout`` s) until the query is between two micro-batches, then stops it.

    A trigger that fires in the gap is cut short; its offsets are in the checkpoint, so the next start replays it.
    """
    deadline = time.monotonic() + timeout
    while in_micro_batch(query) and time.monotonic() < deadline:
        time.sleep(0.1)
    query.stop()


def export_gold(spark: SparkSession, cfg: LakeConfig, out: Path) -> None:
    """Writes every gold export (``pulselake export``'s files), each replaced at once: a reader never sees half."""
    from urllib.parse import urlparse

    from pulselake_lakehouse.readonly import export_table

    staging = out / ".staging"
    for spec in GOLD_EXPORTS:
        location = str(spark.sql(f"DESCRIBE DETAIL {cfg.gold(spec.table)}").first()["location"])
        export_table(Path(urlparse(location).path), spec, staging)
        os.replace(staging / f"{spec.table}.jsonl", out / f"{spec.table}.jsonl")
