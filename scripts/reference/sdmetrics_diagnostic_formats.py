"""Reference values for the DiagnosticReport's format rows (Tests/EvaluationTests/DiagnosticFormatTests.swift).

SDMetrics 0.32's DiagnosticReport on CSV fixtures read with pandas.read_csv (strings stay strings, as a
user loads them), with SDV metadata that carries datetime_format and regex_format. Prints the overall
score, the two property scores and every Data Validity row as Swift literals.

Run:  /work/venv/bin/python scripts/reference/sdmetrics_diagnostic_formats.py   (sdmetrics 0.32.0)
"""
import io
import math
import warnings

import pandas as pd
import sdmetrics
from sdmetrics.reports.single_table import DiagnosticReport

warnings.simplefilter('ignore')

REAL = """id,date,when,amount,cat
AB-001,2012/01/01,01 Jan 2000,10.5,a
AB-002,2012/01/02,02 Feb 2000,11.0,b
AB-003,2012/01/03,03 Mar 2000,12.5,a
AB-004,2012/01/04,04 Apr 2000,9.5,c
AB-005,2012/01/05,05 May 2000,10.0,b
CD-006,2012/01/06,06 Jun 2000,13.0,a
CD-007,2012/01/07,07 Jul 2000,8.5,b
CD-008,2012/01/08,08 Aug 2000,11.5,c
"""

SYNTHETIC = {
    'mixed': """id,date,when,amount,cat
AB-001,2012/01/03,03 Mar 2000,9.0,a
AB-001,2012-01-04,01 Jan 2001,14.0,b
ZZ-9,hello,05 May 2000,10.0,d
,,,11.0,a
CD-123,2012/1/5,07 Jul 2000,12.0,c
EF-001,2012/01/09,08 Aug 2000,,b
""",
    'valid': """id,date,when,amount,cat
AB-009,2011/12/31,01 Jan 2000,9.0,a
CD-010,2012/01/02,02 Feb 2000,10.0,b
EF-011,2012/01/08,30 Aug 2000,11.0,c
AB-012,2012/01/09,03 Mar 2000,12.0,a
""",
}

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
    real = pd.read_csv(io.StringIO(REAL))
    for name, text in SYNTHETIC.items():
        for regex_name, regex in (('plain', PLAIN), ('named', NAMED)):
            synthetic = pd.read_csv(io.StringIO(text))
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
