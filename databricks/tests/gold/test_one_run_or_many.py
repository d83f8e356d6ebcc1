"""Contract §5: after catching up, the gold tables do not depend on arrival order, replays or how the data
was split into runs (the scenario of ``scenario.py``; ``test_watch.py`` streams the same one)."""

import scenario
from silver.lake import new_lake, run_pipeline


def test_one_batch_run_gives_the_gold_worked_out_from_the_contract(spark, batch_gold):
    assert scenario.gold(spark, batch_gold) == (scenario.WORKOUT_BPM_SUMMARY, scenario.GYM_SUMMARY)


def test_two_runs_in_reverse_order_with_replays_equal_one_batch_run(spark, batch_gold):
    in_runs = new_lake(spark)
    waves = scenario.all_records(scenario.LANDINGS[:3])  # the replay comes from the split below instead
    reversed_records = {feed: list(reversed(records)) for feed, records in waves.items()}
    first = {feed: records[::2] for feed, records in reversed_records.items()}
    second = {feed: records[1::2] + first[feed] for feed, records in reversed_records.items()}  # + a replay
    run_pipeline(spark, in_runs, first)
    run_pipeline(spark, in_runs, second)

    assert scenario.gold(spark, in_runs) == scenario.gold(spark, batch_gold)
