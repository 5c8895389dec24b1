#!/usr/bin/env python3
"""Oracle for ParquetGoldenTests: a tiny table exported by SynthBench, read by pyarrow.

    parquet_tiny.py [BINARY]   (default .build/debug/synthbench)

Writes TINY_CSV (below, the same text as the Swift test) to a temporary directory, runs
`synthbench export tiny.csv --format parquet`, and checks with pyarrow that the file reads back to the CSV's
values with the expected logical types, encodings and statistics. It then prints the file's bytes as hex for
Tests/ExportsTests/ParquetGoldenTests.swift, which pins SynthBench's output to these pyarrow-verified bytes.
Needs pyarrow (`flock /tmp/venv.lock /work/venv/bin/pip install pyarrow`).
"""
import datetime
import os
import subprocess
import sys
import tempfile

import pyarrow as pa
import pyarrow.parquet as pq

TINY_CSV = (
    "x,n,flag,label,day\n"
    "1.5,10,True,b,2020-01-31\n"
    ",-2,False,a,2020-02-01\n"
    "0.0,,True,,1969-12-31\n"
    "-7.25,3,,b,\n"
)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/synthbench"
    with tempfile.TemporaryDirectory() as d:
        csv = os.path.join(d, "tiny.csv")
        with open(csv, "w") as f:
            f.write(TINY_CSV)
        out = os.path.join(d, "tiny.parquet")
        subprocess.run([binary, "export", csv, "--format", "parquet", "--out", out], check=True, stdout=subprocess.DEVNULL)
        table = pq.read_table(out)
        assert table.schema.field("x").type == pa.float64()
        assert table.schema.field("n").type == pa.int64()
        assert table.schema.field("flag").type == pa.bool_()
        assert table.schema.field("label").type in (pa.string(), pa.large_string())
        assert table.schema.field("day").type == pa.date32()
        assert table.column("x").to_pylist() == [1.5, None, 0.0, -7.25]
        assert table.column("n").to_pylist() == [10, -2, None, 3]
        assert table.column("flag").to_pylist() == [True, False, True, None]
        assert table.column("label").to_pylist() == ["b", "a", None, "b"]
        assert table.column("day").to_pylist() == [datetime.date(2020, 1, 31), datetime.date(2020, 2, 1),
                                                    datetime.date(1969, 12, 31), None]
        meta = pq.ParquetFile(out).metadata
        assert meta.num_rows == 4 and meta.num_row_groups == 1
        expected = {"x": (-7.25, 1.5, 1), "n": (-2, 10, 1), "flag": (False, True, 1), "label": ("a", "b", 1),
                    "day": (datetime.date(1969, 12, 31), datetime.date(2020, 2, 1), 1)}
        group = meta.row_group(0)
        for c in range(group.num_columns):
            column = group.column(c)
            low, high, nulls = expected[column.path_in_schema]
            s = column.statistics
            assert (s.min, s.max, s.null_count) == (low, high, nulls), (column.path_in_schema, s)
        assert "RLE_DICTIONARY" in group.column(3).encodings
        assert meta.metadata[b"synthbench.source"] == b"tiny.csv"
        data = open(out, "rb").read()
    print(f"pyarrow {pa.__version__} read the {len(data)}-byte file as expected; its bytes:")
    for i in range(0, len(data), 32):
        print("        \"" + data[i:i + 32].hex() + "\",")


if __name__ == "__main__":
    main()
