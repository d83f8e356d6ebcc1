import threading
from pathlib import Path

import pytest

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.sql_files import (
    DDL_WORKERS,
    referenced_tables,
    run_side_by_side,
    run_sql_file,
    split_statements,
    statement_label,
    substitute,
)
from silver.lake import new_lake

UC = LakeConfig(landing_root="x", checkpoint_root="y", catalog="main", on_databricks=True)


def test_statements_end_at_a_line_ending_with_a_semicolon():
    sql = (
        "-- header; comment only\nSELECT 'a;b' AS x;\n\n  CREATE TABLE t (a INT)  ;  \n-- trailing comment\nSELECT 2\n"
    )
    assert split_statements(sql) == [
        "-- header; comment only\nSELECT 'a;b' AS x",
        "CREATE TABLE t (a INT)",
        "-- trailing comment\nSELECT 2",
    ]


def test_a_file_of_comments_has_no_statements():
    assert split_statements("-- nothing here\n\n-- at all\n") == []


def test_placeholders_become_schema_names():
    assert substitute("MERGE INTO ${gold}.x USING ${silver}.y", UC) == "MERGE INTO main.gold.x USING main.silver.y"


def test_unknown_placeholders_are_errors():
    with pytest.raises(ValueError, match=r"\$\{bronze\}"):
        substitute("SELECT * FROM ${bronze}.x", UC)


def test_run_reports_affected_rows_for_merges_only(spark, tmp_path: Path):
    lake = new_lake(spark, with_silver=False)
    script = tmp_path / "demo.sql"
    script.write_text(
        "CREATE TABLE IF NOT EXISTS ${gold}.demo (k INT, v STRING) USING DELTA;\n"
        "MERGE INTO ${gold}.demo AS t USING (SELECT 1 AS k, 'a' AS v UNION ALL SELECT 2, 'b') AS s\n"
        "ON t.k = s.k WHEN NOT MATCHED THEN INSERT *;\n"
    )
    results = run_sql_file(spark, script, lake)
    assert [r.affected_rows for r in results] == [None, 2]
    assert results[1].text.startswith(f"MERGE INTO {lake.gold('demo')} AS t")


def test_every_gold_statement_is_labelled_by_the_table_its_file_writes():
    gold_dir = Path(__file__).resolve().parents[1] / "sql" / "gold"
    files = sorted(gold_dir.glob("*.sql"))
    assert files
    for file in files:
        table = file.stem.split("_", 1)[1]  # 10_workout_bpm_summary.sql writes gold.workout_bpm_summary
        labels = [statement_label(s) for s in split_statements(substitute(file.read_text(encoding="utf-8"), UC))]
        assert labels and all(label.endswith(f"main.gold.{table}") for label in labels), (file.name, labels)


@pytest.mark.parametrize(
    ("statement", "label"),
    [
        ("-- why\n-- more\nmerge  into\n  gold.t AS x USING s ON 1=1", "MERGE INTO gold.t"),
        ("CREATE OR REPLACE TABLE `g`.`t` AS SELECT 1", "CREATE OR REPLACE TABLE `g`.`t`"),
        ("DELETE FROM gold.t WHERE a = 1", "DELETE FROM gold.t"),
        ("CREATE OR REPLACE VIEW gold.v AS\nSELECT 1", "CREATE OR REPLACE VIEW gold.v"),
        ("-- a note\nSELECT 1 AS one", "SELECT 1 AS one"),
    ],
)
def test_statement_label(statement: str, label: str) -> None:
    assert statement_label(statement) == label


def test_referenced_tables_are_the_names_after_a_layer_placeholder():
    sql = "MERGE INTO ${gold}.g USING ${silver}.a JOIN ${silver}.b_2 ON 1=1 -- ${silverish}.x, silver.c"
    assert referenced_tables(sql, "silver") == {"a", "b_2"}
    assert referenced_tables(sql, "gold") == {"g"}


class RecordingSession:
    """Stands in for a SparkSession's ``sql``: records each statement and its thread, fails the ones asked to."""

    def __init__(self, failing: set[str]) -> None:
        self.failing = failing
        self.ran: list[str] = []
        self.threads: set[str] = set()
        self.lock = threading.Lock()
        self.together = threading.Barrier(2, timeout=10)

    def sql(self, statement: str) -> None:
        with self.lock:
            self.ran.append(statement)
            self.threads.add(threading.current_thread().name)
        if statement in ("A", "B"):
            self.together.wait()  # A and B must be running at the same time, or this times out
        if statement in self.failing:
            raise RuntimeError(f"{statement} failed")


def test_run_side_by_side_runs_every_statement_on_several_threads():
    session = RecordingSession(failing=set())
    run_side_by_side(session, ["A", "B", "C", "D", "E"], "ddl")
    assert sorted(session.ran) == ["A", "B", "C", "D", "E"]
    assert 2 <= len(session.threads) <= DDL_WORKERS
    assert all(name.startswith("ddl") for name in session.threads)


def test_run_side_by_side_raises_the_error_of_the_first_failing_statement_in_order():
    session = RecordingSession(failing={"B", "D"})
    with pytest.raises(RuntimeError, match="^B failed$"):
        run_side_by_side(session, ["A", "B", "C", "D"], "ddl")
