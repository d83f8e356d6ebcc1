"""The feeds and their Spark schemas, derived from ``schemas/`` (never written twice): which feeds exist comes
from the feed registry ``schemas/feeds.json`` (the TypeScript side reads the same file), each feed's fields
from its JSON Schema.

The JSON Schemas are the contract of the ingestion layer; bronze reads landing files with the
StructType mapped from them: integer -> LONG (INT when the schema's maximum fits 32 bits),
number -> DOUBLE, string and string enums -> STRING, object -> STRUCT. Every field is nullable:
bronze keeps what landed and silver decides what is valid.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pyspark.sql.types import (
    DataType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

INT32_MAX = 2**31 - 1


def schema_dir() -> Path:
    """The packaged copy of ``schemas/`` (a symlink in the source tree, real files in the wheel)."""
    return Path(str(resources.files("pulselake_lakehouse") / "schemas"))


def feed_names(directory: Path | None = None) -> tuple[str, ...]:
    """The feeds of the registry ``schemas/feeds.json``, in its order."""
    with ((directory or schema_dir()) / "feeds.json").open(encoding="utf-8") as handle:
        return tuple(str(feed["name"]) for feed in json.load(handle)["feeds"])


FEEDS: tuple[str, ...] = feed_names()


def load_json_schema(feed: str, directory: Path | None = None) -> dict[str, Any]:
    path = (directory or schema_dir()) / f"{feed}.schema.json"
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def feed_struct(feed: str, directory: Path | None = None) -> StructType:
    """The Spark schema of one feed's landing records."""
    return json_schema_to_struct(load_json_schema(feed, directory))


def json_schema_to_struct(schema: dict[str, Any]) -> StructType:
    properties: dict[str, dict[str, Any]] = schema.get("properties", {})
    return StructType([StructField(name, _spark_type(name, prop), nullable=True) for name, prop in properties.items()])


def _spark_type(name: str, prop: dict[str, Any]) -> DataType:
    json_type = _non_null_type(name, prop)
    if json_type == "integer":
        return IntegerType() if prop.get("maximum", float("inf")) <= INT32_MAX else LongType()
    if json_type == "number":
        return DoubleType()
    if json_type == "string":
        return StringType()
    if json_type == "object":
        return json_schema_to_struct(prop)
    raise ValueError(f"field {name}: JSON Schema type {json_type!r} has no Spark mapping")


def _non_null_type(name: str, prop: dict[str, Any]) -> str:
    """The one JSON type of a property; ``["string", "null"]`` is a nullable string, a string enum a string."""
    declared = prop.get("type")
    if declared is None and "enum" in prop:
        kinds = {type(value).__name__ for value in prop["enum"] if value is not None}
        if kinds == {"str"}:
            return "string"
        raise ValueError(f"field {name}: only string enums are supported, got {sorted(kinds)}")
    types = [declared] if isinstance(declared, str) else [t for t in (declared or []) if t != "null"]
    if len(types) != 1:
        raise ValueError(f"field {name}: expected exactly one non-null type, got {declared!r}")
    return types[0]
