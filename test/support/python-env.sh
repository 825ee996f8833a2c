#!/usr/bin/env bash
# The Python the tests use lives in a project-local venv, .venv/, so no system Python is
# touched: Debian's Python refuses `pip install` outside a venv (PEP 668). Run by `npm test`
# before the tests (pretest). pyarrow is the second independent Parquet reader of the
# end-to-end tests; polars and pyspark read the Hive-partitioned datasets back
# (test/e2e/readers.test.ts). pyspark needs a Java runtime (17 or later) on the PATH. numpy and
# sortedcontainers are the Python order book's, a peer of npm run bench (bench/peers/python_book.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
PACKAGES=(pyarrow==26.0.1 polars==2.1.0 pyspark==4.3.0 numpy==2.4.6 sortedcontainers==2.4.0)
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import pyarrow, polars, pyspark, numpy, sortedcontainers' 2>/dev/null; then exit 0; fi
if ! [ -x .venv/bin/python ] && ! python3 -m venv .venv; then
  echo "featc tests: cannot create the Python venv .venv/ (on Debian or Ubuntu: apt-get install python3-venv)" >&2
  exit 1
fi
echo "featc tests: installing ${PACKAGES[*]} into .venv/" >&2
.venv/bin/python -m pip install --quiet --disable-pip-version-check "${PACKAGES[@]}"
if ! command -v java >/dev/null; then
  echo "featc tests: no java on the PATH: the Spark read-back test needs a Java runtime 17+ (apt-get install openjdk-17-jre-headless)" >&2
fi
