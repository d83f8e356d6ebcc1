from pulselake_lakehouse.silver.gym_logs import gym_visits, merge_gym_logs
from silver.lake import bronze, operations, rows, table_rows, version

MAC = "4c:c5:9f:cb:13:bd"


def visit(logout=None, mac=MAC, login=1000.0):
    row = {"mac_address": mac, "gym": 5, "login": login}
    return row if logout is None else {**row, "logout": logout}


def test_logout_is_the_greatest_non_null_one_and_macs_are_lower_case(spark):
    batch = bronze(spark, "gym_visit", [visit(), visit(2000.0), visit(2600.0, mac=MAC.upper()), visit(login=5000.0)])
    assert rows(gym_visits(batch)) == [(MAC, 5, 1000.0, 2600.0), (MAC, 5, 5000.0, None)]


def test_a_late_logout_closes_an_open_visit_and_an_earlier_one_does_not_shorten_it(spark, lake):
    table = lake.silver("gym_logs")
    merge_gym_logs(spark, lake, bronze(spark, "gym_visit", [visit()]))
    assert table_rows(spark, table, "logout") == [(None,)]
    merge_gym_logs(spark, lake, bronze(spark, "gym_visit", [visit(2600.0)]))
    merge_gym_logs(spark, lake, bronze(spark, "gym_visit", [visit(2000.0), visit()]))
    assert table_rows(spark, table, "logout") == [(2600.0,)]
    # Into the empty table the first batch is appended; the next MERGEs, the last changes nothing, commits nothing.
    assert operations(spark, table) == ["CREATE TABLE", "WRITE", "MERGE"]
    before = version(spark, table)
    merge_gym_logs(spark, lake, bronze(spark, "gym_visit", [visit(2600.0)]))
    assert version(spark, table) == before
