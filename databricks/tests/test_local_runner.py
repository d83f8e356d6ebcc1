"""The local runner's own logic: export format and order, the derived-refresh state, run-sql output lines."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.export import GoldExport, json_value, ordered_columns
from pulselake_lakehouse.frames import literal_frame
from pulselake_lakehouse.local import DerivedState, statement_json
from pulselake_lakehouse.readonly import export_table, table_status
from pulselake_lakehouse.sql_files import StatementResult


def test_json_values_are_plain_json():
    assert json_value(Decimal("65.00")) == 65.0
    assert json_value(dt.date(2023, 3, 11)) == "2023-03-11"
    assert json_value(dt.datetime(2023, 3, 11, 8, 5, tzinfo=dt.timezone.utc)) == "2023-03-11T08:05:00+00:00"
    assert json_value(None) is None
    assert json_value(64.64236486026896) == 64.64236486026896


def test_contract_columns_come_first_then_extras_and_missing_ones_fail():
    assert ordered_columns(["b", "a"], ["x", "a", "b", "y"]) == ["b", "a", "x", "y"]
    with pytest.raises(ValueError, match="c"):
        ordered_columns(["a", "c"], ["a", "b"])


def test_export_sorts_nulls_first_and_writes_dates_as_iso(spark, tmp_path: Path):
    table = tmp_path / "warehouse" / "gold" / "tiny"
    literal_frame(
        spark,
        [
            (dt.date(2023, 3, 11), 5, "aa", 1, Decimal("10.50"), 1678521600.0),
            (dt.date(2023, 3, 11), 5, "aa", None, Decimal("0.00"), 1678521600.0),
            (dt.date(2023, 3, 10), 9, "zz", 2, Decimal("1.25"), 1678435200.0),
        ],
        "date DATE, gym INT, mac STRING, workout_id INT, minutes DECIMAL(10,2), login DOUBLE",
    ).write.format("delta").save(str(table))
    spec = GoldExport("tiny", ("date", "gym", "mac", "workout_id", "minutes"), ("date", "gym", "mac", "workout_id"))

    assert export_table(table, spec, tmp_path / "out") == 3
    lines = (tmp_path / "out" / "tiny.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"date": "2023-03-10", "gym": 9, "mac": "zz", "workout_id": 2, "minutes": 1.25, "login": 1678435200.0},
        {"date": "2023-03-11", "gym": 5, "mac": "aa", "workout_id": None, "minutes": 0.0, "login": 1678521600.0},
        {"date": "2023-03-11", "gym": 5, "mac": "aa", "workout_id": 1, "minutes": 10.5, "login": 1678521600.0},
    ]


def test_status_reads_counts_and_versions_without_spark_deletion_vectors_included(spark, tmp_path: Path):
    warehouse = tmp_path / "warehouse"
    profiles = warehouse / "silver" / "user_profile"
    spark.sql(
        f"CREATE TABLE delta.`{profiles}` (user_id BIGINT, city STRING) USING DELTA "
        "TBLPROPERTIES (delta.enableDeletionVectors = true)"
    )
    literal_frame(spark, [(1, "a"), (2, "b"), (3, "c")], "user_id BIGINT, city STRING").write.format("delta").mode(
        "append"
    ).save(str(profiles))
    spark.sql(f"DELETE FROM delta.`{profiles}` WHERE user_id = 2")  # a deletion vector, not a rewrite
    literal_frame(spark, [(7,)], "device_id BIGINT").write.format("delta").save(str(warehouse / "bronze" / "bpm"))
    (warehouse / "gold" / "not_a_table").mkdir(parents=True)

    assert table_status(warehouse) == [
        {"table": "bronze.bpm", "rows": 1, "version": 0},
        {"table": "silver.user_profile", "rows": 2, "version": 2},
    ]


def test_derived_state_is_pending_until_a_refresh_completes_and_again_on_a_new_day(tmp_path: Path):
    cfg = LakeConfig(str(tmp_path / "landing"), str(tmp_path / "checkpoints"))
    today = DerivedState(cfg, dt.date(2024, 5, 1))
    assert today.pending()  # never refreshed
    today.set(True)
    assert DerivedState(cfg, dt.date(2024, 5, 1)).pending()  # a refresh started but did not finish
    today.set(False)
    assert not DerivedState(cfg, dt.date(2024, 5, 1)).pending()
    assert DerivedState(cfg, dt.date(2024, 5, 2)).pending()


def test_run_sql_lines_carry_file_statement_label_duration_and_affected_rows():
    result = StatementResult(text="MERGE INTO gold.x ...", seconds=1.25, affected_rows=8)
    assert statement_json(Path("sql/gold/20_gym_summary.sql"), result) == {
        "file": "sql/gold/20_gym_summary.sql",
        "statement": "MERGE INTO gold.x ...",
        "label": "MERGE INTO gold.x",
        "duration_ms": 1250,
        "affected_rows": 8,
    }
