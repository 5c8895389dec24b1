#!/usr/bin/env python3
"""Checks SynthBench's Parquet and XLSX exports with the reference readers (outside the Swift build).

    check-parquet.py CSV PARQUET [--xlsx XLSX]

CSV is the synthetic table as SynthBench wrote it (synthetic.csv); PARQUET is the same table exported by
`synthbench export` or `synthbench generate --format parquet`. The script reads the Parquet file with
pyarrow and with DuckDB and compares every value with the CSV as pandas reads it; it checks each row
group's column statistics (min, max, null count) against the values pyarrow decodes, and that the
dictionary-encoded columns are strings. With --xlsx it reads the workbook with openpyxl and compares the
`data` sheet with the CSV, and checks that the `metadata` and `quality` sheets are there.

Needs pyarrow, duckdb, openpyxl and pandas (in /work/venv: `flock /tmp/venv.lock /work/venv/bin/pip install
pyarrow duckdb openpyxl`). Exits 1 with a message naming the first difference; prints `N passed, 0 failed`.
"""
import argparse
import math
import sys

import duckdb
import pandas as pd
import pyarrow.parquet as pq

checks = 0


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    print(f"{checks} passed, 1 failed")
    sys.exit(1)


def ok():
    global checks
    checks += 1


def same(a, b):
    """Equal values, missing equal to missing, floats exactly (the CSV has round-trip digits)."""
    a_missing = a is None or (isinstance(a, float) and math.isnan(a)) or a is pd.NaT or a is pd.NA
    b_missing = b is None or (isinstance(b, float) and math.isnan(b)) or b is pd.NaT or b is pd.NA
    if a_missing or b_missing:
        return a_missing and b_missing
    if isinstance(a, pd.Timestamp) or isinstance(b, pd.Timestamp):
        return pd.Timestamp(a) == pd.Timestamp(b)
    if isinstance(a, (bool,)) or isinstance(b, (bool,)):
        return bool(a) == bool(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return str(a) == str(b)


def csv_frame(path, datetime_columns):
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str)
    out = {}
    for name in frame.columns:
        col = frame[name]
        if name in datetime_columns:
            out[name] = pd.to_datetime(col)
            continue
        values = col.dropna()
        if values.isin(["True", "False"]).all() and len(values):
            out[name] = col.map(lambda s: None if pd.isna(s) else s == "True")
            continue
        try:
            out[name] = pd.to_numeric(col)
        except ValueError:
            out[name] = col
    return pd.DataFrame(out)


def compare_frames(expected, actual, who):
    if list(expected.columns) != list(actual.columns):
        fail(f"{who}: columns {list(actual.columns)} differ from the CSV's {list(expected.columns)}")
    if len(expected) != len(actual):
        fail(f"{who}: {len(actual)} rows, the CSV has {len(expected)}")
    for name in expected.columns:
        e = expected[name].tolist()
        a = actual[name].tolist()
        for i, (x, y) in enumerate(zip(e, a)):
            if not same(x, y):
                fail(f"{who}: column {name!r} row {i}: {y!r}, the CSV has {x!r}")
        ok()


def check_statistics(parquet_path):
    meta = pq.ParquetFile(parquet_path).metadata
    table = pq.read_table(parquet_path)
    start = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        rows = table.slice(start, group.num_rows)
        start += group.num_rows
        for c in range(group.num_columns):
            column = group.column(c)
            stats = column.statistics
            name = column.path_in_schema
            values = [v for v in rows.column(name).to_pylist() if v is not None]
            if stats is None:
                fail(f"row group {g} column {name}: no statistics")
            if stats.null_count != group.num_rows - len(values):
                fail(f"row group {g} column {name}: null_count {stats.null_count}, decoded {group.num_rows - len(values)}")
            finite = [v for v in values if not (isinstance(v, float) and math.isnan(v))]
            if finite:
                if not stats.has_min_max:
                    fail(f"row group {g} column {name}: no min/max")
                low, high = min(finite), max(finite)
                if isinstance(low, str):
                    low, high = min(finite, key=lambda s: s.encode()), max(finite, key=lambda s: s.encode())
                if not (same(stats.min, low) and same(stats.max, high)):
                    fail(f"row group {g} column {name}: min/max {stats.min!r}/{stats.max!r}, decoded {low!r}/{high!r}")
            if column.physical_type == "BYTE_ARRAY" and "RLE_DICTIONARY" not in column.encodings:
                fail(f"row group {g} column {name}: strings not dictionary-encoded ({column.encodings})")
            ok()
    print(f"parquet: {meta.num_rows} rows in {meta.num_row_groups} row groups, created by {meta.created_by!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv")
    parser.add_argument("parquet")
    parser.add_argument("--xlsx")
    args = parser.parse_args()

    schema = pq.read_schema(args.parquet)
    datetime_columns = {f.name for f in schema if str(f.type).startswith(("timestamp", "date"))}
    expected = csv_frame(args.csv, datetime_columns)

    arrow = pq.read_table(args.parquet).to_pandas()
    for name in datetime_columns:
        arrow[name] = pd.to_datetime(arrow[name])
    compare_frames(expected, arrow, "pyarrow")
    check_statistics(args.parquet)

    ddb = duckdb.sql(f"SELECT * FROM read_parquet('{args.parquet}')").df()
    for name in datetime_columns:
        ddb[name] = pd.to_datetime(ddb[name])
    compare_frames(expected, ddb, "duckdb")
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{args.parquet}')").fetchall()[0][0]
    if count != len(expected):
        fail(f"duckdb count(*) {count}, the CSV has {len(expected)} rows")
    ok()

    if args.xlsx:
        import openpyxl
        book = openpyxl.load_workbook(args.xlsx, read_only=True)
        for sheet in ("data", "metadata", "quality"):
            if sheet not in book.sheetnames:
                fail(f"xlsx: no sheet {sheet!r} (sheets: {book.sheetnames})")
        rows = list(book["data"].iter_rows(values_only=True))
        header, body = list(rows[0]), rows[1:]
        frame = pd.DataFrame([list(r) + [None] * (len(header) - len(r)) for r in body], columns=header)
        for name in datetime_columns:
            frame[name] = pd.to_datetime(frame[name])
        compare_frames(expected, frame, "openpyxl")
        metadata = list(book["metadata"].iter_rows(values_only=True))
        listed = [r[0] for r in metadata if r and len(r) >= 3 and r[0] in set(header)]
        if listed != header:
            fail(f"xlsx metadata sheet lists columns {listed}, the data sheet has {header}")
        ok()
        print(f"xlsx: {len(body)} rows, sheets {book.sheetnames}")

    print(f"{checks} passed, 0 failed")


if __name__ == "__main__":
    main()
