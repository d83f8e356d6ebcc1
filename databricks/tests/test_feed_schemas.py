"""Spark schemas derived from schemas/*.schema.json (types as the data contract states them)."""

import pytest
from pyspark.sql.types import DoubleType, IntegerType, LongType, StringType, StructField, StructType

from pulselake_lakehouse.feed_schemas import FEEDS, feed_struct, json_schema_to_struct


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
