"""Reference values for the DiagnosticReport's format rows (Tests/EvaluationTests/DiagnosticFormatTests.swift).

SDMetrics 0.32's DiagnosticReport on the CSV fixtures in fixtures/diagnostic-formats/ read with pandas.read_csv (strings stay strings, as a
user loads them), with SDV metadata that carries datetime_format and regex_format. Prints the overall
score, the two property scores and every Data Validity row as Swift literals.

Run:  /work/venv/bin/python scripts/reference/sdmetrics_diagnostic_formats.py   (sdmetrics 0.32.0)
"""
import math
import pathlib
import warnings

import pandas as pd
import sdmetrics
from sdmetrics.reports.single_table import DiagnosticReport

warnings.simplefilter('ignore')

FIXTURES = pathlib.Path(__file__).parent / 'fixtures' / 'diagnostic-formats'
SYNTHETIC = ['mixed', 'valid']

PLAIN = '[A-Z]{2}-[0-9]{3}'
NAMED = '(?P<prefix>[A-Z]{2})-(?P<number>[0-9]{3})'


def metadata(regex):
    return {
        'METADATA_SPEC_VERSION': 'SINGLE_TABLE_V1',
        'primary_key': 'id',
        'columns': {
            'id': {'sdtype': 'id', 'regex_format': regex},
            'date': {'sdtype': 'datetime', 'datetime_format': '%Y/%m/%d'},
            'when': {'sdtype': 'datetime', 'datetime_format': '%d %b %Y'},
            'amount': {'sdtype': 'numerical'},
            'cat': {'sdtype': 'categorical'},
        },
    }


def literal(x):
    return 'nil' if x is None or (isinstance(x, float) and math.isnan(x)) else repr(float(x))


def main():
    print(f'// sdmetrics {sdmetrics.__version__}, pandas {pd.__version__}')
    real = pd.read_csv(FIXTURES / 'real.csv')
    for name in SYNTHETIC:
        for regex_name, regex in (('plain', PLAIN), ('named', NAMED)):
            synthetic = pd.read_csv(FIXTURES / f'{name}.csv')
            report = DiagnosticReport()
            report.generate(real, synthetic, metadata(regex), verbose=False)
            props = report.get_properties().set_index('Property')['Score']
            print(f'// {name}, {regex_name} regex')
            print(f'score: {literal(report.get_score())}, validity: {literal(props["Data Validity"])}, '
                  f'structure: {literal(props["Data Structure"])},')
            details = report.get_details('Data Validity')
            for _, row in details.iterrows():
                err = row.get('Error')
                err = None if err is None or (isinstance(err, float) and math.isnan(err)) else err.split(':')[0]
                print(f'    .init("{row["Column"]}", "{row["Metric"]}", {literal(row["Score"])}, '
                      f'{"nil" if err is None else chr(34) + err + chr(34)}),')


if __name__ == '__main__':
    main()
