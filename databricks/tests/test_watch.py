"""``run --watch``: streamed gold equals batch gold (contract §5), and the watcher's own bookkeeping."""

from __future__ import annotations

import math
import os
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import scenario
from pulselake_lakehouse.feed_schemas import FEEDS
from pulselake_lakehouse.jobs.common import JobContext, databricks_config, parse_job_args
from pulselake_lakehouse.jobs.stream import parse_stream_args
from pulselake_lakehouse.watch import (
    Cycle,
    LandedThrough,
    Watcher,
    WatchOptions,
    format_event,
    gold_sources,
    next_trigger_time,
    silver_poll_seconds,
)
from silver.lake import IsolatedConfig, create_databases


def newest_landed(cfg: IsolatedConfig) -> dict[str, float]:
    """Per feed, the newest landing file's time as Spark reads it (milliseconds)."""
    newest: dict[str, float] = {}
    for feed in FEEDS:
        for path in Path(cfg.landing(feed)).rglob("*.ndjson"):
            newest[feed] = max(newest.get(feed, 0.0), math.floor(os.stat(path).st_mtime * 1000) / 1000)
    return newest


def catch_up(watcher: Watcher, cfg: IsolatedConfig, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    landed = newest_landed(cfg)
    while not watcher.caught_up(landed):
        assert time.monotonic() < deadline, f"gold did not catch up: {watcher.gold_landed_through} < {landed}"
        time.sleep(watcher.options.interval / 2)
        watcher.cycle()


@pytest.fixture
def streamed(spark, tmp_path: Path) -> IsolatedConfig:
    cfg = scenario.lake(tmp_path, "streamed_" + tmp_path.name.replace("-", "_")[-20:])
    create_databases(spark, cfg)
    yield cfg
    for query in spark.streams.active:  # never leave a query running in the shared session
        query.stop()


def test_streamed_gold_with_a_restart_equals_one_batch_run(spark, streamed, batch_gold):
    """``scenario.py``'s waves, landed while the watcher runs, with a stop and restart in the middle: the same gold
    as one batch run of the same records (``batch_gold``, which is the contract's gold), and every landed line
    once in bronze."""
    options = WatchOptions(interval=1.0, gold_interval=0.0)
    events: list[dict[str, Any]] = []

    scenario.land(streamed, 1)
    watcher = Watcher(spark, streamed, options, events.append)
    watcher.start()
    catch_up(watcher, streamed)
    scenario.land(streamed, 2)
    scenario.land(streamed, 1, replay=True)
    scenario.land(streamed, 3)
    watcher.cycle()
    watcher.stop()  # in the middle: some of these files are not in bronze or silver yet

    restarted = Watcher(spark, streamed, options, events.append)
    stopping = threading.Event()
    loop = threading.Thread(target=restarted.run, args=(stopping,))  # the loop `run --watch` runs
    loop.start()
    try:
        landed, deadline = newest_landed(streamed), time.monotonic() + 600
        while not restarted.caught_up(landed) and loop.is_alive():
            assert time.monotonic() < deadline, f"gold did not catch up: {restarted.gold_landed_through} < {landed}"
            time.sleep(0.5)
        # Nothing new: silver keeps polling bronze (every second here) but runs no micro-batch (commits none).
        commits = Path(streamed.checkpoint("silver/bpm")) / "commits"
        committed = sorted(p.name for p in commits.iterdir())
        time.sleep(3 * silver_poll_seconds(options.interval))
        assert sorted(p.name for p in commits.iterdir()) == committed
    finally:
        stopping.set()  # as the SIGINT handler does
        loop.join()
    assert spark.streams.active == []

    assert scenario.gold(spark, streamed) == scenario.gold(spark, batch_gold)
    assert scenario.BRONZE_ROWS["bpm"] == 10 + 15 + 3 + 10 + 10  # waves 1 to 3, then wave 1's file again
    assert scenario.bronze_rows(spark, streamed) == scenario.BRONZE_ROWS
    kinds = [event["event"] for event in events]
    assert kinds.count("started") == 2 and kinds.count("stopped") == 2 and "cycle" in kinds and "gold" in kinds


def test_cycle_sums_rows_per_feed_and_keeps_the_longest_batch():
    cycle = Cycle(4)
    cycle.add("bronze", "bpm", [{"numInputRows": 3, "durationMs": {"triggerExecution": 1500}}, {"numInputRows": 2}])
    cycle.add("silver", "bpm", [{"numInputRows": 0, "durationMs": {"triggerExecution": 9000}}])  # idle: ignored
    cycle.add("silver", "workout", [{"numInputRows": 1, "durationMs": {"triggerExecution": 2500}}])
    assert (cycle.bronze, cycle.silver, cycle.batch_seconds) == ({"bpm": 5}, {"workout": 1}, 2.5)
    assert cycle.silver_rows == 1 and cycle.any_rows


def test_progress_lines_give_rows_duration_and_lags():
    line = format_event(
        {
            "event": "cycle",
            "cycle": 3,
            "bronze": {"bpm": 1000, "workout": 2},
            "silver": {},
            "batch_seconds": 2.25,
            "silver_lag_s": 4.0,
            "gold_lag_s": None,
        }
    )
    assert line == "watch: batch 3: bronze bpm 1000, workout 2 | silver - | 2.2 s | silver lag 4.0 s"
    gold = {"event": "gold", "at": 1.0, "seconds": 3.0, "landed_through": {}, "lag_s": 21.5}
    assert format_event(gold) == "watch: gold refreshed in 3.0 s, newest landed file -> gold 21.5 s"


def test_the_next_trigger_time_is_the_next_multiple_of_the_interval():
    assert next_trigger_time(10, now=1000.0) == 1010.0
    assert next_trigger_time(10, now=1004.5) == 1010.0
    assert next_trigger_time(20, now=1019.9) == 1020.0


class TimedQuery:
    """A query in a micro-batch from ``start`` to ``end`` seconds after ``t0`` (what ``status`` says)."""

    def __init__(self, t0: float, start: float, end: float) -> None:
        self.t0, self.start, self.end, self.isActive = t0, start, end, True

    @property
    def status(self) -> dict[str, bool]:
        return {"isTriggerActive": self.start <= time.time() - self.t0 < self.end}


def test_a_cycle_waits_for_bronzes_batches_then_for_the_silver_batches_that_merge_them(tmp_path):
    watcher = Watcher(
        None, scenario.lake(tmp_path, "waits"), WatchOptions(interval=1.0, gold_interval=None), lambda _e: None
    )
    t0 = time.time()
    # bronze busy until 0.4 s; silver, polling every second, picks its commit up at 1.0 s and merges until 1.6 s
    watcher.queries = {("bronze", "bpm"): TimedQuery(t0, 0.0, 0.4), ("silver", "bpm"): TimedQuery(t0, 1.0, 1.6)}
    watcher.wait_for_batches(threading.Event(), until=t0 + 5.0)
    assert 1.6 <= time.time() - t0 < 2.5
    # never past the given time, even when silver is still busy then
    t0 = time.time()
    watcher.queries = {("bronze", "bpm"): TimedQuery(t0, 0.0, 0.2), ("silver", "bpm"): TimedQuery(t0, 0.0, 9.0)}
    watcher.wait_for_batches(threading.Event(), until=t0 + 1.5)
    assert 1.5 <= time.time() - t0 < 2.0
    # a stop request ends the wait at once
    stopping = threading.Event()
    stopping.set()
    t0 = time.time()
    watcher.wait_for_batches(stopping, until=t0 + 5.0)
    assert time.time() - t0 < 0.5


def test_landed_through_keeps_the_newest_time_per_feed():
    landed = LandedThrough()
    landed.record("bpm", 20.0)
    landed.record("bpm", 10.0)  # an older file merged later (a replay) does not move it back
    landed.record("workout", 5.0)
    assert landed.snapshot() == {"bpm": 20.0, "workout": 5.0}


def test_gold_refresh_depends_on_the_silver_tables_its_sql_reads():
    expected = ["completed_workouts", "gym_logs", "user_bins", "user_devices", "user_profile", "workout_bpm"]
    assert gold_sources() == expected  # user_bins: the user_segments view


def test_stream_job_takes_its_interval_besides_the_job_parameters():
    job = ["--catalog", "c", "--landing", "abfss://l@a/", "--checkpoints", "/Volumes/c/ops/checkpoints"]
    assert parse_stream_args([*job, "--interval", "5"]) == (5.0, job)
    assert parse_stream_args(job) == (10.0, job)
    with pytest.raises(SystemExit):
        parse_stream_args([*job, "--interval", "0"])


def test_stream_job_keeps_the_streams_running_without_ever_refreshing_gold(monkeypatch):
    """On Databricks the timer function is gold's only writer: the streaming job's watcher has gold off."""
    import pulselake_lakehouse.jobs.stream as stream

    built: list[WatchOptions] = []

    class FakeWatcher:
        def __init__(self, _spark, cfg, options, _emit):
            built.append(options)
            assert cfg.on_databricks and cfg.checkpoint_root == "/Volumes/c/ops/checkpoints"

    monkeypatch.setattr(stream, "Watcher", FakeWatcher)
    monkeypatch.setattr(stream, "run_until_stopped", lambda watcher, emit: None)
    monkeypatch.setattr(
        stream, "job_context", lambda argv, _doc: JobContext(None, databricks_config(parse_job_args(argv)))
    )
    stream.main(["--catalog", "c", "--landing", "abfss://l@a/", "--checkpoints", "/Volumes/c/ops/checkpoints"])
    assert built == [WatchOptions(interval=10.0, gold_interval=None)]


def scheduled_refreshes(gold_interval: float | None, silver_rows: list[int], tmp_path: Path) -> list[str]:
    """What ``Watcher.cycle`` refreshes over cycles with the given silver rows, the clock standing still."""
    cfg = scenario.lake(tmp_path, "scheduling")
    watcher = Watcher(None, cfg, WatchOptions(interval=1.0, gold_interval=gold_interval), lambda _event: None)
    done: list[str] = []
    watcher.raise_if_failed = lambda: None
    watcher.refresh_derived = lambda: (done.append("derived"), setattr(watcher, "derived_pending", False))
    watcher.refresh_gold = lambda: done.append("gold")
    for rows in silver_rows:
        watcher.collect = lambda rows=rows: Cycle(1, silver={"bpm": rows} if rows else {})
        watcher.cycle()
        done.append("|")
    return done


def test_derived_silver_waits_for_the_gold_refresh_it_feeds(tmp_path):
    # Gold due at the first cycle only (a long period): derived runs with it, then not after each micro-batch.
    assert scheduled_refreshes(3600.0, [5, 5, 5], tmp_path) == ["derived", "gold", "|", "|", "|"]
    # Gold every cycle: derived before each gold whose cycle merged silver rows.
    assert scheduled_refreshes(0.0, [5, 0, 5], tmp_path) == [
        "derived",
        "gold",
        "|",
        "gold",
        "|",
        "derived",
        "gold",
        "|",
    ]
    # No gold (the Databricks streaming job): derived follows silver.
    assert scheduled_refreshes(None, [5, 0, 5], tmp_path) == ["derived", "|", "|", "derived", "|"]


def clocked_watcher(tmp_path: Path, monkeypatch, options: WatchOptions) -> tuple[Watcher, list[float]]:
    """A watcher without Spark whose every cycle merged silver rows, on a clock the test moves (``clock[0]``)."""
    import pulselake_lakehouse.watch as watch

    clock = [1000.0]
    monkeypatch.setattr(watch.time, "monotonic", lambda: clock[0])
    watcher = Watcher(None, scenario.lake(tmp_path, "clocked"), options, lambda _e: None)
    watcher.raise_if_failed = lambda: None
    watcher.collect = lambda: Cycle(1, silver={"bpm": 5})
    return watcher, clock


def test_the_gold_period_counts_from_when_gold_fell_due_not_from_after_the_derived_refresh(tmp_path, monkeypatch):
    import pulselake_lakehouse.watch as watch

    watcher, clock = clocked_watcher(tmp_path, monkeypatch, WatchOptions(interval=10.0, gold_interval=30.0))
    golds: list[float] = []

    def slow_derived() -> None:
        clock[0] += 20.0  # a derived refresh that takes 20 s
        watcher.derived_pending = False

    watcher.refresh_derived = slow_derived
    watcher.silver_versions = lambda: {"workout_bpm": int(clock[0])}  # silver changed: every refresh runs
    monkeypatch.setattr(watch, "run_gold", lambda _spark, _cfg: golds.append(clock[0]))
    for due in (1000.0, 1030.0, 1060.0):  # the loop wakes every 30 s of wall time
        clock[0] = max(clock[0], due)
        watcher.cycle()
    assert golds == [1020.0, 1050.0, 1080.0]


def test_the_periods_shown_to_users_are_the_watchers_defaults():
    # The Node CLI passes --interval/--gold-interval only when given, so WatchOptions' defaults are what runs;
    # its help text, demo --live's defaults, the README and the streaming bench repeat them.
    repo = Path(__file__).resolve().parents[2]
    interval, gold = WatchOptions.interval, WatchOptions.gold_interval
    run_ts = (repo / "cli" / "commands" / "run.ts").read_text(encoding="utf-8")
    assert re.search(rf"time between micro-batches \(default {interval:g}s\)", run_ts)
    assert re.search(rf"skipped when silver did not change \(default {gold:g}s\)", run_ts)
    demo_ts = (repo / "cli" / "commands" / "demo.ts").read_text(encoding="utf-8")
    assert re.search(rf"'with --live: time between micro-batches', durationSeconds, {interval:g}\)", demo_ts)
    assert re.search(rf"'with --live: time between gold refreshes', durationSeconds, {gold:g}\)", demo_ts)
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert f"`pulselake run --watch [--interval {interval:g}s] [--gold-interval {gold:g}s]" in readme
    bench = (repo / "scripts" / "bench" / "streaming.mjs").read_text(encoding="utf-8")
    assert f"BENCH_STREAMING_INTERVAL ?? {interval:g})" in bench
    assert f"BENCH_STREAMING_GOLD_INTERVAL ?? {gold:g})" in bench


def test_a_cycle_a_moment_early_still_refreshes_gold_in_its_period(tmp_path, monkeypatch):
    """Cycles end where silver's batches end, which varies: 19.5 s after the last gold is this period's gold."""
    watcher, clock = clocked_watcher(tmp_path, monkeypatch, WatchOptions(interval=20.0, gold_interval=20.0))
    golds: list[float] = []
    watcher.refresh_derived = lambda: setattr(watcher, "derived_pending", False)
    watcher.refresh_gold = lambda: golds.append(clock[0])
    for now in (1000.0, 1019.5, 1039.0, 1045.0):  # the last one only 5.5 s after a gold: not due
        clock[0] = now
        watcher.cycle()
    assert golds == [1000.0, 1019.5, 1039.0]
