"""Reference values for SynthBench's datetime detection (Tests/SynthTableTests/DatetimeDetectionTests.swift).

Prints, as Swift literals:
1. pandas' guess_datetime_format(value, dayfirst=False) for single strings (what SDV's
   `_get_datetime_format` calls on a column's first non-null value);
2. SDV's detected sdtype and datetime_format per column of small fixture CSVs read with pandas.read_csv.

Run with the project's reference venv:  /work/venv/bin/python scripts/reference/datetime_detection.py
(pandas 2.3.3, sdv 2.0.0 when the values in the tests were pasted).
"""
import io
import warnings

import pandas as pd
import sdv
from pandas._libs.tslibs.parsing import guess_datetime_format
from sdv.metadata import Metadata

warnings.simplefilter('ignore')

STRINGS = [
    '2012/01/01', '2012-01-01', '2012-1-5', '2012/1/5', '2012.01.02', '2012 01 02',
    '01/02/2012', '1/2/2012', '13/01/2012', '12/31/2012', '31/12/2012', '01-02-2012', '13-01-2012',
    '01.02.2012', '13.01.2012', '2012-13-01', '2012/13/01', '2012/02/30', '31/02/2012', '01/02/12',
    '01/2012/02', '2012-01', '2012-1',
    '2012-01-01 10:30:00', '2012-01-01T10:30:00', '2012-01-01 10:30', '2012-01-01 1:05:03',
    '2012-01-01 10:30:00.123', '2012-01-01T10:30:00.123456789', '2012-01-01 10:30:00.5',
    '1/2/2012 10:30', '13/01/2012 23:59:59', '2012/01/01 10:30:00',
    '2012-01-01 24:00:00', '2012-01-01 10:60', '2012-01-01 10:30:00,123',
    'Jan 1 2000', 'January 1, 2000', '1 Jan 2000', '01 January 2000', 'May 5 2000', 'Sep 1 2000',
    '1-Jan-2000', 'Jan-01-2000', '2000 Jan 1', 'Dec 31 1999', 'jan 1 2000', 'JAN 01 2000', 'Sept 1 2000',
    'Jan 2000', '10:30', 'hello', '2012-01-01T10:30:00Z', '2012-01-01 10:30:00 AM', '20120101',
    'Monday, January 1, 2000', '2012-01-01 ',
]

FIXTURES = {
    'weather': 'date,temp_max,weather\n2012/01/01,12.8,drizzle\n2012/01/02,10.6,rain\n2012/01/03,11.7,rain\n'
               '2012/01/04,12.2,rain\n2012/01/05,8.9,rain\n2012/01/06,4.4,rain\n2012/01/07,7.2,rain\n',
    'mixed': 'us,eu,eu_late,iso_t,frac,named,full,dmy_named,bad\n'
             '01/02/2012,13/01/2012,01/02/2012,2012-01-01T10:30:00,2012-01-01 10:30:00.250,Jan 1 2000,"January 1, 2000",1 Jan 2000,2012/01/01\n'
             '03/04/2012,14/02/2012,13/02/2012,2012-01-02T11:00:00,2012-01-01 10:31:00.5,Feb 29 2000,"March 15, 2001",2 Feb 2001,hello\n'
             '12/31/2012,01/03/2012,03/03/2012,2012-01-03T12:15:30,2012-01-01 10:32:01.123456,Dec 31 1999,"December 1, 1999",31 Dec 1999,2012/01/03\n'
             '05/06/2012,31/12/2012,04/03/2012,2012-01-04T00:00:00,2012-01-01 10:33:00.9,Mar 3 2003,"May 5, 2005",3 Mar 2003,2012/01/04\n'
             '07/08/2012,02/04/2012,05/03/2012,2012-01-05T23:59:59,2012-01-01 10:34:00.75,Apr 4 2004,"June 6, 2006",4 Apr 2004,2012/01/05\n'
             '09/10/2012,03/05/2012,06/03/2012,2012-01-06T06:06:06,2012-01-01 10:35:00.01,May 5 2005,"July 7, 2007",5 May 2005,2012/01/06\n',
}


def main():
    print(f'// pandas {pd.__version__}, sdv {sdv.__version__}')
    print('// guess_datetime_format(value, dayfirst=False)')
    for s in STRINGS:
        g = guess_datetime_format(s)
        print(f'("{s}", {"nil" if g is None else chr(34) + g + chr(34)}),')
    for name, text in FIXTURES.items():
        data = pd.read_csv(io.StringIO(text))
        metadata = Metadata.detect_from_dataframes({'t': data})
        columns = metadata.to_dict()['tables']['t']['columns']
        print(f'// {name}: column -> (sdtype, datetime_format)')
        for column, meta in columns.items():
            fmt = meta.get('datetime_format')
            print(f'("{column}", "{meta["sdtype"]}", {"nil" if fmt is None else chr(34) + fmt + chr(34)}),')


if __name__ == '__main__':
    main()
