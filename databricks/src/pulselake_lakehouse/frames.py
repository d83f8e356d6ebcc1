"""DataFrames of a few Python rows, built from literals inside the JVM.

``spark.createDataFrame`` on a Python list goes through a Python RDD: each action on it runs tasks in PySpark's
Python worker processes (started on first use) and pickles the rows across to them. For a handful of rows (the
derived refresh's progress table, test inputs) a projection of literals gives the same DataFrame without a Python
worker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, DataType, StructType, _parse_datatype_string


def literal_frame(spark: SparkSession, rows: Sequence[Any], schema: StructType | str) -> DataFrame:
    """The rows (tuples in field order, or mappings by field name; nested structs alike) as a DataFrame of
    ``schema`` (a StructType or a DDL string, as ``createDataFrame`` takes), computed without Python workers."""
    struct = schema if isinstance(schema, StructType) else _parse_datatype_string(schema)
    if not isinstance(struct, StructType):
        raise ValueError(f"a row schema must be a struct, got {struct.simpleString()}")
    if not rows:
        return spark.range(0).select(*[F.lit(None).cast(f.dataType).alias(f.name) for f in struct.fields])
    # Each element cast to the schema: an array's element type is its first element's, and a field that is
    # not null in the first row would otherwise be typed not-nullable even where a later row holds a null.
    elements = [literal(row, struct).cast(struct) for row in rows]
    return spark.range(1).select(F.inline(F.array(*elements)))


def literal(value: Any, data_type: DataType) -> Column:
    """``value`` as a literal column of ``data_type``."""
    if value is None:
        return F.lit(None).cast(data_type)
    if isinstance(data_type, StructType):
        pairs = list(zip(data_type.fields, field_values(value, data_type), strict=True))
        for field, item in pairs:
            if item is None and not field.nullable:
                raise ValueError(f"field {field.name} is not nullable but got None")
        return F.struct(*[literal(item, field.dataType).alias(field.name) for field, item in pairs])
    if isinstance(data_type, ArrayType):
        return F.array(*[literal(item, data_type.elementType) for item in value]).cast(data_type)
    return F.lit(value).cast(data_type)


def field_values(value: Any, struct: StructType) -> list[Any]:
    """A row's values in the struct's field order: by name from a mapping, by position from a sequence."""
    if isinstance(value, Mapping):
        return [value.get(name) for name in struct.fieldNames()]
    values = list(value)
    if len(values) != len(struct.fields):
        raise ValueError(f"a row of {len(values)} values for {len(struct.fields)} fields: {value!r}")
    return values
