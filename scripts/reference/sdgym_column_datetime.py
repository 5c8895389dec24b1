"""SDGym's ColumnSynthesizer on a date column, as SDGym's benchmark hands a dataset over (`pd.read_csv`, so the
dates are text): the shares of each date, and of missing, in 200,000 sampled rows. Pasted in
Tests/SynthesizersTests/BaselineTests.swift (`sdgymColumnResamplesDates`).

    /work/venv-sdgym/bin/python scripts/reference/sdgym_column_datetime.py

sdgym 0.15.1, sdv 1.38.5, rdt 1.22.0, pandas 2.3.3, numpy 2.4.6 (their own venv: sdgym 0.15.1 does not import
with sdv 2.0.0). Checks that every sampled date is a training date.
"""
import io
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
from sdgym.synthesizers import ColumnSynthesizer  # noqa: E402
from sdv.metadata import Metadata  # noqa: E402

CSV = """when,x
2021-03-01,1.5
2021-03-01,2.0
2021-03-05,0.5
2021-04-10,3.0
,2.5
2021-03-05,1.0
2021-03-01,4.0
2021-12-31,0.0
2021-03-05,2.2
,1.1
"""
ROWS = 200_000


def main():
    data = pd.read_csv(io.StringIO(CSV), low_memory=False)
    assert data["when"].dtype.kind == "O"
    md = Metadata.detect_from_dataframes({"t": data})
    md.update_column("when", table_name="t", sdtype="datetime", datetime_format="%Y-%m-%d")
    md.update_column("x", table_name="t", sdtype="numerical")
    np.random.seed(0)
    s = ColumnSynthesizer()
    s._fit(data, md)
    out = s.sample_from_synthesizer(s, ROWS)
    sampled = out["when"].fillna("missing")
    training = data["when"].fillna("missing")
    assert set(sampled) <= set(training), set(sampled) - set(training)
    print(f"{ROWS} rows; date: training share, SDGym share")
    real = training.value_counts(normalize=True)
    shares = sampled.value_counts(normalize=True)
    for level in sorted(real.index):
        print(f"  {level}: {real[level]:.6f} {shares.get(level, 0.0):.6f}")


if __name__ == "__main__":
    main()
