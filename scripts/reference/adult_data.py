"""adult's columns and its CSV reader as the reference scripts share them (privacy_timings.py, forest_gap.py):
the UCI files in datasets/.cache, '?' as missing, adult-test's trailing '.' stripped from the income label."""
import pandas as pd

COLUMNS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
           "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]


def load(path, skip=0):
    df = pd.read_csv(path, header=None, names=COLUMNS, skiprows=skip, skipinitialspace=True, na_values=["?"])
    df["income"] = df["income"].astype(str).str.rstrip(".")
    return df
