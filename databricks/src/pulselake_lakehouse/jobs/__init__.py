"""Databricks job entry points (one ``main()`` per task) and the functions the local runner shares with them."""
