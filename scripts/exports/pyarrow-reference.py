#!/usr/bin/env python3
"""The reference figure for `synthbench bench export`: pyarrow writing the same table.

    pyarrow-reference.py FILE.parquet [--repeats 1]

FILE.parquet is the adult-like table `synthbench bench export --keep` wrote. The script reads it with pyarrow
(not timed), then times pyarrow writing it as Parquet (uncompressed and snappy, pyarrow's default) and as CSV
(pyarrow.csv), and prints MB/s (output bytes, 10^6, over the write time), rows/s and the process's peak
resident set, with the CPU model, so the figure can be set beside SynthBench's from the same sitting.
Needs pyarrow (`flock /tmp/venv.lock /work/venv/bin/pip install pyarrow`).
"""
import argparse
import os
import resource
import tempfile
import time

import pyarrow
import pyarrow.csv as pacsv
import pyarrow.parquet as pq


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parquet")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    table = pq.read_table(args.parquet)
    print(f"pyarrow {pyarrow.__version__}, CPU {cpu_model()}, {table.num_rows} rows x {table.num_columns} columns")
    directory = os.path.dirname(os.path.abspath(args.parquet))
    writers = {
        "parquet (uncompressed)": lambda path: pq.write_table(table, path, compression="none"),
        "parquet (snappy)": lambda path: pq.write_table(table, path),
        "csv": lambda path: pacsv.write_csv(table, path),
    }
    for name, write in writers.items():
        best = None
        for _ in range(args.repeats):
            fd, path = tempfile.mkstemp(dir=directory, prefix=".pyarrow-reference-")
            os.close(fd)
            start = time.perf_counter()
            write(path)
            seconds = time.perf_counter() - start
            size = os.path.getsize(path)
            os.unlink(path)
            if best is None or seconds < best[0]:
                best = (seconds, size)
        seconds, size = best
        print(f"{name}: {size / 1e6 / seconds:.1f} MB/s  {table.num_rows / seconds / 1e6:.2f}M rows/s  "
              f"{size / 1e6:.1f} MB in {seconds:.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    print(f"peak resident set (whole process, table in memory): {peak:.0f} MB")


if __name__ == "__main__":
    main()
