from pathlib import Path

from pulselake_lakehouse.frames import literal_frame
from pulselake_lakehouse.silver import ensure_silver_tables
from pulselake_lakehouse.silver.tables import ensure_silver_views, local_folder, tables_read
from silver.lake import new_lake, put_rows, table_rows

USERS = "user_id BIGINT, registration_timestamp DOUBLE, device_id BIGINT, mac_address STRING"


def device(user, ts, device_id, mac, effective_from, effective_to):
    return (user, ts, device_id, mac, effective_from, effective_to, "f", None)


def test_users_is_the_open_registration_of_each_user(spark):
    lake = new_lake(spark)
    put_rows(
        spark,
        lake,
        "user_devices",
        [
            device(7, 1000.0, 1, "aa", None, 2000.0),
            device(7, 2000.0, 2, "bb", 2000.0, None),
            device(8, 500.0, 9, "cc", None, None),
        ],
    )
    assert table_rows(spark, lake.silver("users")) == [(7, 2000.0, 2, "bb"), (8, 500.0, 9, "cc")]
    assert spark.catalog.getTable(lake.silver("users")).tableType == "VIEW"


def test_a_lake_made_when_users_was_a_table_gets_the_view_and_loses_the_table_folder(spark):
    lake = new_lake(spark, with_silver=False)
    # As a local lake holds it: an external Delta table on a folder under the warehouse.
    warehouse = local_folder(spark.conf.get("spark.sql.warehouse.dir"))
    folder = Path(warehouse) / f"{lake.prefix}_legacy_users"
    literal_frame(spark, [(1, 5.0, 3, "stale")], USERS).write.format("delta").save(str(folder))
    spark.sql(f"CREATE TABLE {lake.silver('users')} USING DELTA LOCATION '{folder}'")

    ensure_silver_tables(spark, lake)
    put_rows(spark, lake, "user_devices", [device(8, 500.0, 9, "cc", None, None)])

    assert spark.catalog.getTable(lake.silver("users")).tableType == "VIEW"
    assert table_rows(spark, lake.silver("users")) == [(8, 500.0, 9, "cc")]
    assert not folder.exists()


def test_local_folder_is_none_for_a_cloud_location():
    assert local_folder("abfss://lake@account.dfs.core.windows.net/silver/users") is None
    assert local_folder("file:/tmp/w/silver/users") == Path("/tmp/w/silver/users").resolve()


def test_views_are_made_once_the_tables_they_read_exist_and_again_in_a_new_session(spark):
    lake = new_lake(spark, with_silver=False)
    ensure_silver_views(spark, lake)  # no silver yet: nothing to view (what run-sql meets on a fresh lake)
    assert not spark.catalog.tableExists(lake.silver("users"))

    ensure_silver_tables(spark, lake)
    spark.sql(f"DROP VIEW {lake.silver('users')}")  # as a new process finds it: only the Delta tables registered
    ensure_silver_views(spark, lake)
    assert spark.catalog.getTable(lake.silver("users")).tableType == "VIEW"


def test_tables_read_are_the_query_fields():
    assert tables_read("SELECT a FROM {user_devices} JOIN {users} USING (a)") == ["user_devices", "users"]
