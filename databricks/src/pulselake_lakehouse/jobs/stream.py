"""Streaming step: the task of the ``streaming`` target's continuous job (docs/job-triggering.md).

The bronze and silver streams of the batch steps, kept running with a processing-time trigger on the same
checkpoints (a target switches between the batch and the streaming job without reprocessing), and derived
silver refreshed after each cycle. No gold here: in Azure the timer function is gold's only writer.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from pulselake_lakehouse.jobs.common import job_context
from pulselake_lakehouse.logs import LOG
from pulselake_lakehouse.watch import Event, Watcher, WatchOptions, format_event, run_until_stopped

DEFAULT_INTERVAL_SECONDS = 10.0


def parse_stream_args(argv: Sequence[str] | None) -> tuple[float, list[str]]:
    """``--interval`` (seconds between micro-batches), and the job parameters every step takes."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--interval", type=float, default=DEFAULT_INTERVAL_SECONDS)
    known, rest = parser.parse_known_args(argv)
    if not known.interval > 0:
        parser.error("--interval must be > 0 seconds")
    return known.interval, rest


def main(argv: Sequence[str] | None = None) -> None:
    interval, rest = parse_stream_args(argv)
    job = job_context(rest, __doc__ or "")

    def emit(event: Event) -> None:
        LOG.info("%s", format_event(event))

    run_until_stopped(Watcher(job.spark, job.cfg, WatchOptions(interval=interval, gold_interval=None), emit), emit)


if __name__ == "__main__":
    main()
