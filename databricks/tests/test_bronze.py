"""Bronze streams: landing NDJSON (plain and gz) -> bronze Delta table with the metadata columns."""

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from pulselake_lakehouse.bronze import start_bronze_stream
from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.jobs.common import ensure_schemas
from pulselake_lakehouse.streams import run_streams

BRONZE_COLUMNS = [
    "user_id",
    "workout_id",
    "session_id",
    "action",
    "timestamp",
    "_rescued_data",
    "source_file",
    "file_modification_time",
    "ingest_date",
    "load_time",
]


def workout(session_id: int, action: str, ts: float) -> dict:
    return {"user_id": 12474, "workout_id": 1, "session_id": session_id, "action": action, "timestamp": ts}


def land(cfg: LakeConfig, day: str, name: str, records: list[dict], gz: bool = False, extra: str = "") -> Path:
    folder = Path(cfg.landing("workout")) / f"ingest_date={day}"
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r) + "\n" for r in records) + extra
    path = folder / name
    path.write_bytes(gzip.compress(text.encode()) if gz else text.encode())
    return path


@pytest.fixture(scope="module")
def cfg(spark, tmp_path_factory) -> LakeConfig:
    home = tmp_path_factory.mktemp("bronze_home")
    config = LakeConfig(str(home / "landing"), str(home / "checkpoints"), schema_prefix="bronze_test_")
    ensure_schemas(spark, config)
    return config


def ingest(spark, cfg: LakeConfig) -> int:
    [run] = run_streams({"workout": lambda: start_bronze_stream(spark, cfg, "workout")})
    return run.input_rows


def test_bronze_reads_plain_and_gz_files_with_metadata_and_ignores_temp_files(spark, cfg):
    land(cfg, "2024-03-01", "backfill-a.ndjson", [workout(1, "start", 1678521900.25)], extra="{not json\n")
    land(cfg, "2024-03-02", "backfill-b.ndjson.gz", [workout(1, "stop", 1678525800)], gz=True)
    land(cfg, "2024-03-02", ".backfill-c.ndjson.tmp", [workout(9, "start", 1678521900)])

    assert ingest(spark, cfg) == 3
    table = spark.table(cfg.bronze("workout"))
    assert table.columns == BRONZE_COLUMNS
    rows = {(r.session_id, r.action): r for r in table.collect()}
    assert set(rows) == {(1, "start"), (1, "stop"), (None, None)}

    start = rows[(1, "start")]
    assert start.timestamp == 1678521900.25  # exact double, never float32
    assert start.source_file.endswith("/workout/ingest_date=2024-03-01/backfill-a.ndjson")
    assert start.ingest_date == date(2024, 3, 1)
    assert start.file_modification_time is not None and start.load_time is not None
    assert start._rescued_data is None
    assert rows[(1, "stop")].ingest_date == date(2024, 3, 2)
    assert rows[(None, None)]._rescued_data == "{not json"


def test_a_second_run_picks_up_only_new_files_and_no_new_data_commits_nothing(spark, cfg):
    before = spark.table(cfg.bronze("workout")).count()
    land(cfg, "2024-03-03", "backfill-d.ndjson", [workout(2, "start", 1678530000), workout(2, "stop", 1678533600)])

    assert ingest(spark, cfg) == 2
    assert spark.table(cfg.bronze("workout")).count() == before + 2
    version = spark.sql(f"DESCRIBE HISTORY {cfg.bronze('workout')} LIMIT 1").first()["version"]

    assert ingest(spark, cfg) == 0
    assert spark.sql(f"DESCRIBE HISTORY {cfg.bronze('workout')} LIMIT 1").first()["version"] == version


def test_a_feed_that_has_landed_nothing_yet_reads_as_empty(spark, cfg):
    [run] = run_streams({"bpm": lambda: start_bronze_stream(spark, cfg, "bpm")})  # no landing/bpm folder
    assert run.input_rows == 0
    assert spark.table(cfg.bronze("bpm")).count() == 0
