"""What pandas makes of a CSV header that ends in a delimiter (docs/csv.md, the trailing-comma error).
Run outside the build, with any pandas 2.x (/work/venv):

    python scripts/reference/csv_trailing_comma_pandas.py

Printed with pandas 2.3.3:

    'a,b,' / rows '1,2,': columns ['a', 'b', 'Unnamed: 2'], last column all missing: True
    'a,b,,' / rows '1,2,,': columns ['a', 'b', 'Unnamed: 2', 'Unnamed: 3'], last column all missing: True
    'a;b;' / rows '1;2;' (sep ';'): columns ['a', 'b', 'Unnamed: 2'], last column all missing: True

So SynthBench's refusal (Sources/SynthTable/CSV/CSVParser.swift, CSVError.trailingDelimiter) names the
columns pandas would add, `Unnamed: i` with i the 0-based position, and says to remove the trailing delimiter.
"""
import io

import pandas as pd

for header, row, sep in [("a,b,", "1,2,", ","), ("a,b,,", "1,2,,", ","), ("a;b;", "1;2;", ";")]:
    frame = pd.read_csv(io.StringIO(f"{header}\n{row}\n{row}\n"), sep=sep)
    label = f"'{header}' / rows '{row}'" + (f" (sep '{sep}')" if sep != "," else "")
    print(f"{label}: columns {list(frame.columns)}, last column all missing: {bool(frame.iloc[:, -1].isna().all())}")
