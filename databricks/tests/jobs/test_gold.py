"""The gold step's report: rows changed per gold object, named after the SQL file."""

from pathlib import Path

from pulselake_lakehouse.jobs.gold import SqlFileRun, gold_sql_files, reads_other_gold, statement_summary
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


def test_a_gold_file_that_reads_another_gold_object_is_not_run_side_by_side(tmp_path: Path):
    own = tmp_path / "10_a.sql"
    own.write_text(
        "CREATE TABLE IF NOT EXISTS ${gold}.a (x INT); MERGE INTO ${gold}.a AS t USING ${silver}.s AS s ON 1=0"
    )
    other = tmp_path / "20_b.sql"
    other.write_text("CREATE OR REPLACE VIEW ${gold}.b AS SELECT * FROM ${gold}.a")
    assert [reads_other_gold(own), reads_other_gold(other)] == [False, True]


def test_the_shipped_gold_files_each_read_only_silver_and_their_own_object():
    assert [path.name for path in gold_sql_files() if reads_other_gold(path)] == []
