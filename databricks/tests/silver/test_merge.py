"""sync_slice: slices that hold rows are updated and pruned by a MERGE; new slices only get an insert."""

import json

from pulselake_lakehouse.frames import literal_frame
from pulselake_lakehouse.silver.merge import Span, sync_slice
from silver.lake import table_rows, version

COLUMNS = "w INT, t DOUBLE, v DOUBLE"  # slice w (a workout), key (w, t) (a reading time), value v
KEYS = ("w", "t")


def slice_table(spark, lake):
    name = lake.silver("slices")
    spark.sql(f"CREATE TABLE {name} ({COLUMNS}) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = true)")
    return name


def sync(spark, name, desired, slices, within=None):
    rows = literal_frame(spark, desired, COLUMNS)
    sync_slice(spark, name, rows, KEYS, literal_frame(spark, [(w,) for w in slices], "w INT"), within)


def merges(spark, name, since):
    """(operation, whether it has matched clauses) of each commit after version ``since``."""
    history = spark.sql(f"DESCRIBE HISTORY {name}").where(f"version > {since}").orderBy("version").collect()
    return [
        (row["operation"], json.loads(row["operationParameters"].get("matchedPredicates", "[]")) != [])
        for row in history
    ]


def test_a_held_slice_is_updated_and_pruned_a_new_one_inserted_others_untouched(spark, lake):
    name = slice_table(spark, lake)
    sync(spark, name, [(1, 1.0, 10.0), (1, 2.0, 20.0), (2, 1.0, 5.0)], [1, 2])
    before = version(spark, name)

    # Slice 1: one row changes, one is gone, one is new. Slice 3: new. Slice 2: not in this sync.
    sync(spark, name, [(1, 1.0, 11.0), (1, 3.0, 30.0), (3, 1.0, 7.0)], [1, 3])

    assert table_rows(spark, name) == [(1, 1.0, 11.0), (1, 3.0, 30.0), (2, 1.0, 5.0), (3, 1.0, 7.0)]
    assert merges(spark, name, before) == [("MERGE", True), ("MERGE", False)]


def test_new_slices_only_are_one_insert_and_a_replay_commits_nothing(spark, lake):
    name = slice_table(spark, lake)
    sync(spark, name, [(1, 1.0, 10.0)], [1])
    before = version(spark, name)
    span = Span("t", 1.0, 2.0)
    desired = [(2, 1.0, 5.0), (2, 2.0, 6.0), (3, 1.5, 7.0)]

    sync(spark, name, desired, [2, 3, 4], span)  # slice 4 has no rows before or after
    assert merges(spark, name, before) == [("MERGE", False)]
    assert table_rows(spark, name) == [(1, 1.0, 10.0), *desired]

    replayed = version(spark, name)
    sync(spark, name, desired, [2, 3, 4], span)
    assert version(spark, name) == replayed
