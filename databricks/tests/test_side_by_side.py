import threading
import time

import pytest

from pulselake_lakehouse.side_by_side import side_by_side


def test_the_calls_run_at_once_and_their_results_come_back_in_call_order():
    both_started = threading.Barrier(2, timeout=5)  # broken (an error) if the calls ran one after the other
    finished: list[str] = []

    def slow_first():
        both_started.wait()
        time.sleep(0.1)
        finished.append("first")
        return "first"

    def quick_second():
        both_started.wait()
        finished.append("second")
        return 2

    assert side_by_side([slow_first, quick_second], "t") == ["first", 2]
    assert finished == ["second", "first"]


def test_workers_bounds_how_many_run_at_once():
    running, most = 0, 0
    lock = threading.Lock()

    def call():
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1

    side_by_side([call] * 6, "t", workers=2)
    assert most == 2


def test_the_first_failing_call_in_order_raises_after_every_call_ended():
    ended = threading.Event()

    def fails_late():
        time.sleep(0.05)
        raise ValueError("first in order")

    def fails_at_once():
        raise KeyError("second in order")

    def ends_last():
        time.sleep(0.2)
        ended.set()

    with pytest.raises(ValueError, match="first in order"):
        side_by_side([fails_late, fails_at_once, ends_last], "t")
    assert ended.is_set()


def test_no_calls_no_threads():
    assert side_by_side([], "t") == []
