#!/usr/bin/env bash
# Exports a run to every format and checks the files with the reference readers (docs/exports.md).
#   scripts/exports/check-exports.sh [BINARY]    (default .build/release/synthbench if built, else .build/debug/)
# Needs pyarrow, duckdb and openpyxl in /work/venv (or PYTHON=...): not run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
DEFAULT=.build/release/synthbench
[ -x "$DEFAULT" ] || DEFAULT=.build/debug/synthbench
BIN=${1:-$DEFAULT}
PYTHON=${PYTHON:-/work/venv/bin/python}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A small run (all column kinds of penguins, missing values included) and a streamed one.
"$BIN" generate --dataset penguins --method gaussian_copula --rows 2000 --seed 3 --out "$WORK/run" > /dev/null
for f in json jsonl parquet xlsx sql sqlite; do "$BIN" export "$WORK/run" --format "$f" > /dev/null; done
"$BIN" export "$WORK/run" --format sql --dialect sqlite --out "$WORK/run.sqlite.sql" > /dev/null
"$BIN" export "$WORK/run" --format zip > /dev/null
"$PYTHON" scripts/exports/check-parquet.py "$WORK/run/synthetic.csv" "$WORK/run/synthetic.parquet" --xlsx "$WORK/run/synthetic.xlsx"

# The zip's checksums, as a user checks them after unzipping.
(cd "$WORK" && unzip -q run.zip -d unzipped && cd unzipped/run && sha256sum -c --quiet SHA256SUMS)
echo "zip: SHA256SUMS verified"

# Streaming generate in Parquet (several row groups), against the same run's CSV.
"$BIN" generate --dataset penguins --method gaussian_copula --rows 300000 --seed 3 --out "$WORK/big-csv" > /dev/null 2>&1
"$BIN" generate --dataset penguins --method gaussian_copula --rows 300000 --seed 3 --format parquet --out "$WORK/big" > /dev/null
"$PYTHON" scripts/exports/check-parquet.py "$WORK/big-csv/synthetic.csv" "$WORK/big/synthetic.parquet"
