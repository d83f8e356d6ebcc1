"""Independent calls run on threads side by side.

A small Spark job on a local lake is mostly fixed latency (reading or writing a Delta log, scheduling), so on
two cores a second thread overlaps most of it. Used for DDL, the derived refresh's start-up reads and its two
independent chains, the derived row counts, and the gold files that depend on no other gold object.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def side_by_side(calls: Sequence[Callable[[], T]], name: str, workers: int | None = None) -> list[T]:
    """Runs every call, at most ``workers`` at once (default: all), on threads named ``name``; returns the
    results in the calls' order. Every call ends before this returns or raises; the error raised is that of
    the first failing call in that order."""
    if not calls:
        return []
    with ThreadPoolExecutor(max_workers=workers or len(calls), thread_name_prefix=name) as pool:
        futures = [pool.submit(call) for call in calls]
    return [future.result() for future in futures]
