"""Spark session for local runs and tests: Spark local mode + delta-spark.

On Databricks the session already exists (``SparkSession.getActiveSession()``); nothing here
runs there. Locally there is no metastore: the session catalog is in memory and every Delta
table that exists under the warehouse folder is registered again at start-up, so the same
two-level names work in every process.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlparse

from py4j.protocol import Py4JError
from pyspark import SparkContext
from pyspark.sql import SparkSession

from pulselake_lakehouse.config import LAYERS
from pulselake_lakehouse.sql_files import run_side_by_side

# The JIT's code cache: with C1 only (TieredStopAtLevel=1) the JVM sizes it like a client VM, 48 MB, and
# Spark's generated code fills that within a run over ~100k rows ("CodeCache is full. Compiler has been
# disabled"): from then on every new query runs interpreted. 240 MB is the tiered default.
CODE_CACHE = "-XX:ReservedCodeCacheSize=240m"
# Local runs are short: the C2 JIT compiler and parallel GC threads cost more CPU on 2 cores than they
# save (course round 1: about 130 instead of 160 JVM CPU seconds). Override with PULSELAKE_SPARK_JAVA_OPTIONS.
LOCAL_JAVA_OPTIONS = f"-XX:TieredStopAtLevel=1 {CODE_CACHE} -XX:+UseSerialGC"
# A long-lived session (the test suite) runs hundreds of small MERGEs: there C2 pays off (about 40% faster).
LONG_SESSION_JAVA_OPTIONS = f"{CODE_CACHE} -XX:+UseSerialGC"
# Local sessions run their queries interpreted: no whole-stage or expression code generation, no adaptive
# re-planning. Locally every query is new to a fresh JVM, and compiling its plan to Java costs more than it
# saves at these sizes. Measured on 2 cores (docs/performance.md): the test suite's late-data refresh test
# 63 -> 42 s, `pulselake run` on course round 1 (254k readings) 48.9 -> 38.9 s, on 1M readings 61.8 -> 55.7 s.
INTERPRETED = {
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
    "spark.sql.adaptive.enabled": "false",
}
# A "row_number() = 1" filter (silver's dedupe per key) makes Spark 3.5 sort every input partition and keep
# each key's first rows before the shuffle (WindowGroupLimit), then sort again after it. Silver's keys are
# almost unique, so the first sort of every row removes nothing: off. On 1M readings the silver step took
# 13.1-13.5 s instead of 14.2-16.6 s (docs/performance.md).
ONE_SORT_PER_DEDUPE = {"spark.sql.optimizer.windowGroupLimitThreshold": "-1"}
# Errors only: no start-up warnings before a verb's output (see the file).
LOG4J2_CONFIG = Path(__file__).with_name("log4j2-local.properties")


def local_spark(
    warehouse_dir: str | Path,
    app_name: str = "pulselake",
    shuffle_partitions: int = 4,
    java_options: str = LOCAL_JAVA_OPTIONS,
) -> SparkSession:
    """Builds (or returns) the local Spark session with Delta Lake and registers existing tables."""
    from delta import configure_spark_with_delta_pip  # imported late: absent on Databricks

    # Python workers must run the venv's interpreter (same pyspark), not whatever python3 is on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # A local session needs no network address: binding to loopback also silences Spark's "hostname resolves
    # to a loopback address" warning. The TypeScript launcher sets it too.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    warehouse = Path(warehouse_dir).resolve()
    warehouse.mkdir(parents=True, exist_ok=True)
    builder = (
        SparkSession.builder.appName(app_name)
        .master(os.environ.get("PULSELAKE_SPARK_MASTER", "local[2]"))
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config(
            "spark.sql.shuffle.partitions",
            os.environ.get("PULSELAKE_SPARK_SHUFFLE_PARTITIONS", str(shuffle_partitions)),
        )
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", os.environ.get("PULSELAKE_SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
        .config(
            "spark.driver.extraJavaOptions",
            f"{os.environ.get('PULSELAKE_SPARK_JAVA_OPTIONS', java_options)} "
            f"-Dlog4j2.configurationFile={LOG4J2_CONFIG.as_uri()}",
        )
    )
    for key, value in {**INTERPRETED, **ONE_SORT_PER_DEDUPE}.items():
        builder = builder.config(key, value)
    cached_jars = cached_delta_jars()
    if cached_jars:
        spark = builder.config("spark.jars", ",".join(cached_jars)).getOrCreate()
    else:
        # Several processes may start at once (the test suites, a CLI run beside them): one resolves through Ivy
        # while the others wait for its memo, since two Ivy resolutions racing on its cache can break it.
        with delta_jars_lock():
            cached_jars = cached_delta_jars()
            if cached_jars:
                spark = builder.config("spark.jars", ",".join(cached_jars)).getOrCreate()
            else:
                spark = configure_spark_with_delta_pip(builder).getOrCreate()  # Ivy resolves from Maven Central
                remember_delta_jars(spark.sparkContext.getConf().get("spark.jars", ""))
    spark.sparkContext.setLogLevel("ERROR")
    register_existing_tables(spark, warehouse)
    return spark


def stop_spark(spark: SparkSession, timeout_seconds: float = 30) -> None:
    """Stops the session and waits for its JVM to exit, so that this process, not init, reaps it.

    Otherwise the JVM outlives this process and is left to PID 1: where that reaps slowly (the reference
    machine: about 1.5 s as a zombie), whoever waits for the whole process group (the TypeScript CLI does)
    waits for it too. The JVM that PySpark launched exits once its stdin, our pipe, is closed.
    """
    gateway = SparkContext._gateway
    launched = getattr(gateway, "proc", None)  # None when the JVM was not started by this process
    spark.stop()
    if gateway is None or launched is None:
        return
    with suppress(Py4JError):  # a JVM that already died has nothing left to shut down
        gateway.shutdown()
    SparkContext._gateway = None
    SparkContext._jvm = None
    launched.stdin.close()
    try:
        launched.wait(timeout_seconds)
    except subprocess.TimeoutExpired:
        launched.kill()  # hung in a shutdown hook: this process is ending anyway
        launched.wait()


# Which jars Ivy resolved for a delta-spark version: later starts pass them as spark.jars and skip the Ivy
# resolution (about a second and a screenful of output per start). Kept per user beside the other caches, as
# Ivy's own cache is, so that a fresh clone (a new venv) does not start a throw-away JVM to find the same jars.
def delta_jars_memo(env: Mapping[str, str] = os.environ) -> Path:
    cache = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return cache / "pulselake" / f"delta-jars-{version('delta-spark')}.json"


@contextmanager
def delta_jars_lock(memo: Path | None = None) -> Iterator[None]:
    """Holds an exclusive lock (``flock`` on a file beside the memo) until the block ends, or the process does if
    it dies inside it; without a writable cache it only yields."""
    lock_path = (memo or delta_jars_memo()).with_suffix(".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = lock_path.open("a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def cached_delta_jars(memo: Path | None = None) -> list[str]:
    """The remembered jar paths, if they belong to the installed delta-spark and all still exist."""
    try:
        cached = json.loads((memo or delta_jars_memo()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    jars: list[str] = cached.get("jars", [])
    if cached.get("delta_spark") != version("delta-spark") or not jars:
        return []
    return jars if all(Path(urlparse(jar).path).is_file() for jar in jars) else []


def remember_delta_jars(spark_jars: str, memo: Path | None = None) -> None:
    jars = [jar for jar in spark_jars.split(",") if jar]
    if not any("delta-spark" in jar for jar in jars):
        return
    memo = memo or delta_jars_memo()
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(json.dumps({"delta_spark": version("delta-spark"), "jars": jars}), encoding="utf-8")
    except OSError:
        pass  # an unwritable cache only costs the Ivy resolution next time


def register_existing_tables(spark: SparkSession, warehouse: Path) -> None:
    """Creates the layer databases and re-registers every Delta table found under them.

    The tables are registered side by side: each registration reads its table's Delta log, mostly fixed latency
    (about 0.2 s once the first has loaded Delta), and a lake's twenty in a row held up every command's start.
    """
    statements: list[str] = []
    for layer in LAYERS:
        layer_dir = warehouse / layer
        spark.sql(f"CREATE DATABASE IF NOT EXISTS {layer} LOCATION '{layer_dir}'")
        if layer_dir.is_dir():
            statements += [
                f"CREATE TABLE IF NOT EXISTS {layer}.{path.name} USING DELTA LOCATION '{path}'"
                for path in sorted(layer_dir.iterdir())
                if (path / "_delta_log").is_dir()
            ]
    run_side_by_side(spark, statements, "register")
