"""gold.user_segments: the analysts' view of silver user_bins (users per age bin, gender and state)."""

from silver.lake import put_rows, run_gold, table_rows


def test_counts_users_per_bin_gender_and_state_and_follows_user_bins_without_a_refresh(spark, gold_lake):
    lake = gold_lake
    put_rows(
        spark,
        lake,
        "user_bins",
        [
            (1, "25-35", "F", "Reno", "NV"),
            (2, "25-35", "F", "Las Vegas", "NV"),  # another city, same state: same segment
            (3, "25-35", "M", "Reno", "NV"),
            (4, "invalid age", None, None, None),
        ],
    )
    run_gold(spark, lake, "user_segments")
    view = lake.gold("user_segments")
    assert table_rows(spark, view) == [("25-35", "F", "NV", 2), ("25-35", "M", "NV", 1), ("invalid age", None, None, 1)]

    put_rows(spark, lake, "user_bins", [(1, "35-45", "F", "Reno", "NV")])  # a new day, a profile deleted
    assert table_rows(spark, view) == [("35-45", "F", "NV", 1)]
