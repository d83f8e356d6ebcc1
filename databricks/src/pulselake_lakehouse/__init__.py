"""PulseLake lakehouse jobs: landing -> bronze -> silver -> gold, on Databricks or Spark local + Delta."""
