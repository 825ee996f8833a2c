#!/usr/bin/env bash
# The Python the tests use (pyarrow, the second independent Parquet reader of the end-to-end
# tests) lives in a project-local venv, .venv/, so no system Python is touched: Debian's Python
# refuses `pip install` outside a venv (PEP 668). Run by `npm test` before the tests (pretest).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import pyarrow' 2>/dev/null; then exit 0; fi
if ! python3 -m venv .venv; then
  echo "featc tests: cannot create the Python venv .venv/ (on Debian or Ubuntu: apt-get install python3-venv)" >&2
  exit 1
fi
echo "featc tests: installing pyarrow into .venv/" >&2
.venv/bin/python -m pip install --quiet --disable-pip-version-check pyarrow
