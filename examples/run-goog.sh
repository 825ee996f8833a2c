#!/usr/bin/env bash
# The seed example end to end on real data: LOBSTER GOOG 2012-06-21 (10 levels)
#   -> .q event log -> goog_1s.feat kernels -> out/goog_1s/symbol=GOOG/date=2012-06-21/part-0.parquet
set -euo pipefail
cd "$(dirname "$0")/.."
data=examples/data/lobster
node bin/featc.js import lobster "$data/GOOG_2012-06-21_34200000_57600000_message_10.csv.gz" \
  --orderbook "$data/GOOG_2012-06-21_34200000_57600000_orderbook_10.csv.gz" \
  --symbol GOOG --out data/q --force
node bin/featc.js extract examples/goog_1s.feat --source data/q --symbols GOOG --out out --compression zstd
