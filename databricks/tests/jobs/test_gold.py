"""The gold step's report: rows changed per gold object, named after the SQL file."""

from pathlib import Path

from pulselake_lakehouse.jobs.gold import SqlFileRun, statement_summary
from pulselake_lakehouse.sql_files import StatementResult


def test_rows_are_counted_per_object_and_files_reporting_no_count_are_left_out():
    merge = SqlFileRun(
        Path("sql/gold/10_workout_bpm_summary.sql"),
        [StatementResult("CREATE TABLE ...", 0.1, None), StatementResult("MERGE INTO ...", 1.0, 4)],
    )
    view = SqlFileRun(Path("sql/gold/30_user_segments.sql"), [StatementResult("CREATE OR REPLACE VIEW", 0.1, None)])
    assert (merge.object_name, merge.affected_rows) == ("workout_bpm_summary", 4)
    assert (view.object_name, view.affected_rows) == ("user_segments", None)


def test_gold_log_lines_name_the_table_written_not_the_leading_comment():
    text = (
        "-- Gold gym_summary (contract §4): one row per visit and workout, and more words\n"
        "CREATE TABLE IF NOT EXISTS gold.g (a INT)"
    )
    assert statement_summary(StatementResult(text=text, seconds=0.01, affected_rows=None)) == (
        "CREATE TABLE IF NOT EXISTS gold.g (no row count, 10 ms)"
    )
    merge = StatementResult("MERGE INTO\n  gold.x AS t USING (...)", 0.25, 8)
    assert statement_summary(merge) == "MERGE INTO gold.x (8 rows affected, 250 ms)"
