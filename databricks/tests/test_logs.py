"""The steps' logging: one line per table and step, a run summary, and one handler however often it is set up."""

import io
import logging

from pulselake_lakehouse.logs import LOG, PLAIN_FORMAT, StepReport, configure_logging, log_step, log_summary


def test_steps_log_rows_per_table_and_seconds_and_the_summary_adds_them_up():
    out = io.StringIO()
    configure_logging(io.StringIO(), PLAIN_FORMAT)
    configure_logging(out, PLAIN_FORMAT)  # replaces the first handler: no line twice, none to the old stream
    bronze = StepReport("bronze", 1.25, {"bronze.bpm": 7, "bronze.workout": 3}, "rows read")
    gold = StepReport("gold", 0.5, {"gold.gym_summary": 2}, "rows affected")
    log_step(bronze)
    log_summary([bronze, gold])
    assert out.getvalue().splitlines() == [
        "bronze: bronze.bpm 7 rows read",
        "bronze: bronze.workout 3 rows read",
        "bronze: 10 rows read in 1.2 s",
        "summary: bronze 1.2 s (10 rows read), gold 0.5 s (2 rows affected); total 1.8 s",
    ]
    assert len(LOG.handlers) == 1 and not LOG.propagate


def test_job_lines_carry_a_timestamp_and_the_level():
    out = io.StringIO()
    configure_logging(out)
    LOG.info("silver: done")
    assert out.getvalue().rstrip().endswith("INFO pulselake: silver: done")
    assert out.getvalue()[:4].isdigit()  # asctime first
    configure_logging(io.StringIO(), PLAIN_FORMAT)
    assert LOG.level == logging.INFO
