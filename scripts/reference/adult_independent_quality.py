"""Reference values for Tests/BenchmarksTests/QualityReportBenchmarkTests.swift (adultMatchesSDMetrics).

SDMetrics 0.32's single-table QualityReport on adult (the UCI training file, '?' as missing) against
`QualityReportBenchmark.independentColumns(of: adult, seed: 3)`: every column of adult with its rows permuted
independently (seeded RandomStream), so Column Shapes is exactly 1 and Column Pair Trends measures the
dependence the permutation removed. The synthetic table is the one the Swift test builds; the test writes it
when SYNTHBENCH_WRITE_ADULT_SYNTHETIC names a file. Metadata as in the test: the 9 text columns categorical,
the 6 integer columns numerical, no primary key.

Run:
  swift build --build-tests
  SYNTHBENCH_SLOW_TESTS=1 SYNTHBENCH_WRITE_ADULT_SYNTHETIC=/tmp/adult-independent-s3.csv \
      swift test --skip-build --disable-xctest --filter adultMatchesSDMetrics
  /work/venv/bin/python scripts/reference/adult_independent_quality.py /tmp/adult-independent-s3.csv \
      [datasets/.cache/adult.data]
  (sdmetrics 0.32.0, pandas 2.3.3, numpy 1.26.4, scipy 1.17.1)
Check: the three printed numbers equal the test's pinned values to 1e-12.
"""
import os
import sys
import warnings

import pandas as pd
from sdmetrics.reports.single_table import QualityReport

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adult_data import COLUMNS, load  # noqa: E402

warnings.simplefilter('ignore')

CATEGORICAL = ["workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
               "native-country", "income"]


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: adult_independent_quality.py SYNTHETIC_CSV [ADULT_DATA]")
    synthetic_path = sys.argv[1]
    adult_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets", ".cache", "adult.data")
    real = load(adult_path)
    synthetic = pd.read_csv(synthetic_path)
    if list(synthetic.columns) != COLUMNS or len(synthetic) != len(real):
        sys.exit(f"{synthetic_path}: expected adult's {len(COLUMNS)} columns and {len(real)} rows, "
                 f"got {list(synthetic.columns)} and {len(synthetic)} rows")
    # The permutation keeps every column's multiset of values: a check that the two files belong together.
    for c in COLUMNS:
        a = real[c].astype(str).sort_values().tolist()
        b = synthetic[c].astype(str).sort_values().tolist()
        if a != b:
            sys.exit(f"column {c}: the synthetic values are not a permutation of adult's")
    metadata = {"columns": {c: {"sdtype": "categorical" if c in CATEGORICAL else "numerical"} for c in COLUMNS}}
    report = QualityReport()
    report.generate(real, synthetic, metadata, verbose=False)
    props = report.get_properties().set_index("Property")["Score"]
    print(f"quality_score {report.get_score()!r}")
    print(f"column_shapes {props['Column Shapes']!r}")
    print(f"column_pair_trends {props['Column Pair Trends']!r}")


if __name__ == "__main__":
    main()
