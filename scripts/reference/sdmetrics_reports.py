"""Reference values for Tests/EvaluationTests/Support/SDMetricsReference.swift (SDMetricsReportTests).

SDMetrics 0.32's single-table QualityReport (default thresholds 0.5/0.3, and 0/0) and DiagnosticReport on
the tables of Tests/EvaluationTests/Support/Fixtures.swift, rebuilt here with the same formulas: the "medium"
pair comes from a 64-bit LCG whose doubles are exact ((s >> 11) / 2^53), so both sides hold bit-identical
values; the "degenerate" pair is written out; the zero-row cases are those tables with no rows. Prints the
`enum SDMetricsReference { ... }` block of the Swift file; errors are recorded by their type only (the text
before ':').

Run:  /work/venv/bin/python scripts/reference/sdmetrics_reports.py
      (sdmetrics 0.32.0, pandas 2.3.3, numpy 2.4.6, scipy 1.17.1)
Check: the output equals the file from `enum SDMetricsReference {` to its end, except the last digit of the
x/ts and y/z correlations and scores (differences below 1e-15 from numpy's summation order on the CPU it runs
on; the test's tolerance is 1e-12).
"""
import math
import warnings

import numpy as np
import pandas as pd
from sdmetrics.reports.single_table import DiagnosticReport, QualityReport

warnings.simplefilter('ignore')
M = (1 << 64) - 1


class LCG:
    def __init__(self, state):
        self.state = state

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & M
        return (self.state >> 11) / 9007199254740992


def medium(real):
    n = 300 if real else 250
    g = LCG(1 if real else 2)
    letters = 'abcd' if real else 'abcde'
    cols = {k: [] for k in ('x', 'y', 'z', 'cat', 'flag', 'ts', 'key')}
    for i in range(n):
        u = [g.next() for _ in range(6)]
        if real:
            xraw = u[0] * 100
            cols['x'].append(None if i % 17 == 5 else xraw)
            cols['y'].append(xraw * 0.8 + u[1] * 30)
            cols['z'].append(int(u[2] * 20))
            cols['cat'].append(None if i % 23 == 7 else letters[min(3, int(xraw / 25 + u[3] * 0.9))])
            cols['flag'].append(u[4] < (0.2 if xraw < 50 else 0.7))
            cols['ts'].append(1_600_000_000 + int(u[5] * 31_536_000))
            cols['key'].append(i)
        else:
            xraw = u[0] * 110 - 5
            cols['x'].append(None if i % 13 == 3 else xraw)
            cols['y'].append(xraw * 0.5 + u[1] * 45)
            cols['z'].append(int(u[2] * 21))
            cols['cat'].append(None if i % 19 == 0 else letters[min(4, max(0, int(xraw / 30 + u[3] * 1.2)))])
            cols['flag'].append(u[4] < (0.3 if xraw < 50 else 0.6))
            cols['ts'].append(1_600_000_000 + int(u[5] * 40_000_000))
            cols['key'].append(i % 240)
    return pd.DataFrame({
        'x': pd.Series(cols['x'], dtype='float64'), 'y': pd.Series(cols['y'], dtype='float64'),
        'z': pd.Series(cols['z'], dtype='int64'), 'cat': pd.Series(cols['cat'], dtype='object'),
        'flag': pd.Series(cols['flag'], dtype='bool'), 'ts': pd.to_datetime(cols['ts'], unit='s'),
        'key': pd.Series(cols['key'], dtype='int64')})


MEDIUM_METADATA = {'primary_key': 'key', 'columns': {
    'x': {'sdtype': 'numerical'}, 'y': {'sdtype': 'numerical'}, 'z': {'sdtype': 'numerical'},
    'cat': {'sdtype': 'categorical'}, 'flag': {'sdtype': 'boolean'}, 'ts': {'sdtype': 'datetime'},
    'key': {'sdtype': 'id'}}}


def degenerate(real):
    nan = np.nan
    if real:
        return pd.DataFrame({
            'const': [5.0] * 8, 'allnan': [nan] * 8, 'num': [1.0, 2.5, 3.0, 4.5, 5.0, 7.5, 8.0, 10.0],
            'num2': [2.0, 2.4, 3.3, 4.1, 5.9, 7.0, 8.8, 9.5], 'single': ['u'] * 8,
            'cat2': ['p', 'q', None, 'p', 'q', 'q', 'p', None]})
    return pd.DataFrame({
        'const': [4.0, 5.0, 6.0, 5.0, 5.0, 7.0], 'allnan': [1.0, nan, 2.0, 3.0, nan, 4.0],
        'num': [2.0, 3.0, 3.0, 9.0, 11.0, nan], 'num2': [1.0, 3.0, 2.0, 8.0, 12.0, 4.0],
        'single': ['u', 'v', 'u', 'u', None, 'u'], 'cat2': ['p', 'p', 'q', 'r', None, 'q']})


DEGENERATE_METADATA = {'columns': {
    'const': {'sdtype': 'numerical'}, 'allnan': {'sdtype': 'numerical'}, 'num': {'sdtype': 'numerical'},
    'num2': {'sdtype': 'numerical'}, 'single': {'sdtype': 'categorical'}, 'cat2': {'sdtype': 'categorical'}}}


def missing(x):
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def lit(x):
    return 'nil' if missing(x) else repr(float(x))


def flag(x):
    return 'nil' if missing(x) else ('true' if x else 'false')


def error(x):
    return 'nil' if missing(x) else '"' + str(x).split(':')[0] + '"'


def quality(name, real, synthetic, metadata, thresholds):
    report = QualityReport()
    report.real_correlation_threshold, report.real_association_threshold = thresholds
    report._properties['Column Pair Trends'].real_correlation_threshold = thresholds[0]
    report._properties['Column Pair Trends'].real_association_threshold = thresholds[1]
    report.generate(real, synthetic, metadata, verbose=False)
    props = report.get_properties().set_index('Property')['Score']
    print(f'    // {name}, thresholds {float(thresholds[0])}/{float(thresholds[1])}')
    print(f'    static let {name} = QualityReference(score: {lit(report.get_score())}, '
          f'shapes: {lit(props["Column Shapes"])}, pairs: {lit(props["Column Pair Trends"])},')
    print('        columnShapes: [')
    shapes = report.get_details('Column Shapes')
    for _, row in shapes.iterrows():
        print(f'            .init("{row["Column"]}", "{row["Metric"]}", {lit(row["Score"])}, {error(row.get("Error"))}),')
    print('        ],')
    print('        columnPairs: [')
    pairs = report.get_details('Column Pair Trends')
    for _, row in pairs.iterrows():
        print(f'            .init("{row["Column 1"]}", "{row["Column 2"]}", "{row["Metric"]}", {lit(row["Score"])}, '
              f'{lit(row.get("Real Correlation"))}, {lit(row.get("Synthetic Correlation"))}, '
              f'{lit(row.get("Real Association"))}, {flag(row.get("Meets Threshold?"))}, {error(row.get("Error"))}),')
    print('        ])')


def diagnostic(name, real, synthetic, metadata):
    report = DiagnosticReport()
    report.generate(real, synthetic, metadata, verbose=False)
    props = report.get_properties().set_index('Property')['Score']
    print(f'    static let {name} = DiagnosticReference(score: {lit(report.get_score())}, '
          f'validity: {lit(props["Data Validity"])}, structure: {lit(props["Data Structure"])},')
    print('        columns: [')
    for _, row in report.get_details('Data Validity').iterrows():
        print(f'            .init("{row["Column"]}", "{row["Metric"]}", {lit(row["Score"])}, {error(row.get("Error"))}),')
    print('        ])')


def main():
    default, none = (0.5, 0.3), (0, 0)
    print('enum SDMetricsReference {')
    real, syn = medium(True), medium(False)
    quality('mediumDefault', real, syn, MEDIUM_METADATA, default)
    quality('mediumNoThreshold', real, syn, MEDIUM_METADATA, none)
    diagnostic('mediumDiagnostic', real, syn, MEDIUM_METADATA)
    real, syn = degenerate(True), degenerate(False)
    quality('degenerateDefault', real, syn, DEGENERATE_METADATA, default)
    quality('degenerateNoThreshold', real, syn, DEGENERATE_METADATA, none)
    diagnostic('degenerateDiagnostic', real, syn, DEGENERATE_METADATA)
    no_syn, no_real = syn.iloc[0:0], real.iloc[0:0]
    quality('emptySyntheticDefault', real, no_syn, DEGENERATE_METADATA, default)
    quality('emptyRealNoThreshold', no_real, syn, DEGENERATE_METADATA, none)
    diagnostic('emptySyntheticDiagnostic', real, no_syn, DEGENERATE_METADATA)
    diagnostic('emptyRealDiagnostic', no_real, syn, DEGENERATE_METADATA)
    print('}')


if __name__ == '__main__':
    main()
