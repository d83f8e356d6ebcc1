"""The feeds from the registry schemas/feeds.json, their Spark schemas from schemas/*.schema.json (types as the
data contract states them)."""

import json
from fnmatch import fnmatch
from pathlib import Path

import pytest
import tomllib
from pyspark.sql.types import DoubleType, IntegerType, LongType, StringType, StructField, StructType

from pulselake_lakehouse.feed_schemas import FEEDS, feed_names, feed_struct, json_schema_to_struct

DATABRICKS_DIR = Path(__file__).resolve().parents[1]
SCHEMAS = DATABRICKS_DIR.parent / "schemas"


def test_the_feeds_are_the_registry_entries_and_each_has_a_json_schema():
    registry = json.loads((SCHEMAS / "feeds.json").read_text(encoding="utf-8"))
    assert FEEDS == tuple(feed["name"] for feed in registry["feeds"])
    assert set(FEEDS) == {path.name.removesuffix(".schema.json") for path in SCHEMAS.glob("*.schema.json")}


def test_the_registry_is_read_from_the_given_folder_and_packaged_in_the_wheel(tmp_path):
    (tmp_path / "feeds.json").write_text(json.dumps({"feeds": [{"name": "b"}, {"name": "a"}]}), encoding="utf-8")
    assert feed_names(tmp_path) == ("b", "a")
    pyproject = tomllib.loads((DATABRICKS_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = pyproject["tool"]["setuptools"]["package-data"]["pulselake_lakehouse"]
    assert any(fnmatch("schemas/feeds.json", pattern) for pattern in package_data)


def types_of(struct: StructType) -> dict[str, object]:
    return {f.name: f.dataType for f in struct.fields}


def test_workout_ids_fit_32_bits_and_user_id_needs_64():
    assert types_of(feed_struct("workout")) == {
        "user_id": LongType(),
        "workout_id": IntegerType(),
        "session_id": IntegerType(),
        "action": StringType(),
        "timestamp": DoubleType(),
    }


def test_registration_bpm_and_gym_visit_types():
    assert types_of(feed_struct("registration")) == {
        "user_id": LongType(),
        "device_id": LongType(),
        "mac_address": StringType(),
        "registration_timestamp": DoubleType(),
    }
    assert types_of(feed_struct("bpm")) == {"device_id": LongType(), "time": DoubleType(), "heartrate": DoubleType()}
    assert types_of(feed_struct("gym_visit")) == {
        "mac_address": StringType(),
        "gym": IntegerType(),
        "login": DoubleType(),
        "logout": DoubleType(),
    }


def test_profile_address_is_a_struct_of_strings_and_every_field_is_nullable():
    profile = feed_struct("profile")
    assert profile.fieldNames() == [
        "user_id",
        "update_type",
        "timestamp",
        "dob",
        "sex",
        "gender",
        "first_name",
        "last_name",
        "address",
    ]
    assert types_of(profile)["address"] == StructType(
        [StructField(name, StringType()) for name in ("street_address", "city", "state", "zip")]
    )
    assert all(field.nullable for feed in FEEDS for field in feed_struct(feed).fields)


def test_unsupported_json_types_are_refused():
    with pytest.raises(ValueError, match="flag"):
        json_schema_to_struct({"properties": {"flag": {"type": "boolean"}}})
    with pytest.raises(ValueError, match="exactly one non-null type"):
        json_schema_to_struct({"properties": {"x": {"type": ["string", "number"]}}})
