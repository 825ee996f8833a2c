"""Reads a featc dataset (docs/formats/parquet.md, "Layout and manifest") with one reader and
prints, as JSON, what the test compares across readers: per symbol and date, the row count,
the first and last `ts` in microseconds and the count of non-null `mid`.

Usage: read_dataset.py READER DATASET_DIR, READER one of pyarrow, pandas_path, polars, spark.
"""
import json
import sys


def summary(rows):
    out = {}
    for symbol, date, ts, mid in rows:
        key = f"{symbol} {date}"
        n, first, last, mids = out.get(key, (0, None, None, 0))
        out[key] = (n + 1, ts if first is None else min(first, ts), ts if last is None else max(last, ts), mids + (mid is not None))
    return {k: list(v) for k, v in sorted(out.items())}


def micros(value):
    # pyarrow and polars give datetimes; keep exact microseconds since the epoch.
    import datetime

    delta = value - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


reader, path = sys.argv[1], sys.argv[2]
if reader == "pyarrow":
    import pyarrow.dataset as ds

    t = ds.dataset(path, format="parquet").to_table(columns=["symbol", "date", "ts", "mid"])
    rows = zip(t["symbol"].to_pylist(), t["date"].to_pylist(), [micros(x) for x in t["ts"].to_pylist()], t["mid"].to_pylist())
elif reader == "pandas_path":
    # What pandas.read_parquet(path) does: pyarrow.parquet.read_table with Hive inference.
    import pyarrow.parquet as pq

    t = pq.read_table(path, columns=["symbol", "date", "ts", "mid"])
    rows = zip(t["symbol"].to_pylist(), t["date"].to_pylist(), [micros(x) for x in t["ts"].to_pylist()], t["mid"].to_pylist())
elif reader == "polars":
    import polars as pl

    df = pl.scan_parquet(f"{path}/**/*.parquet", hive_partitioning=True).select(["symbol", "date", "ts", "mid"]).collect()
    rows = zip(df["symbol"].to_list(), [str(d) for d in df["date"].to_list()], [micros(x) for x in df["ts"].to_list()], df["mid"].to_list())
elif reader == "spark":
    import os

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.parquet(path).selectExpr("symbol", "CAST(date AS STRING) AS date", "unix_micros(ts) AS ts", "mid")
    rows = [(r.symbol, r.date, r.ts, r.mid) for r in df.collect()]
    spark.stop()
else:
    raise SystemExit(f"unknown reader {reader}")
print(json.dumps(summary(rows)))
