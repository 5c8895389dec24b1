"""What SDV does with a CSV column whose metadata declares a kind the text does not have (docs/metadata.md,
"Declared kinds of text columns"). Run outside the build, with SDV 1.38.5 (/work/venv-sdgym):

    python scripts/reference/declared_kinds_sdv.py

It reads small CSV files with pandas' defaults, as SDV users do, and fits GaussianCopulaSynthesizer with
the declared metadata. Printed with SDV 1.38.5 / pandas 2.x:

    quoted numbers, declared numerical: fit ok (dtypes {'island': 'object', 'mass': 'int64'})
    "3,750" declared numerical: InvalidDataError Error: Invalid values found for numerical column 'mass': ['3,750', '3700', '3701', '+ 9 more'].
    male/female/yes declared boolean: InvalidDataError Error: Invalid values found for boolean column 'sex': ['female', 'male', 'yes'].
    quoted "true"/"false" declared boolean: fit ok (dtypes {'sex': 'bool', 'x': 'int64'})

So SynthBench's re-read (Sources/Harness/Pipeline/CSVWithMetadata.swift) accepts what SDV accepts and refuses
what it refuses, naming the line and the value where SDV lists the column's values.
"""
import io
import warnings

import pandas as pd
from sdv.metadata import SingleTableMetadata
from sdv.single_table import GaussianCopulaSynthesizer

warnings.filterwarnings("ignore")


def fit(label, text, columns):
    data = pd.read_csv(io.StringIO(text))
    metadata = SingleTableMetadata.load_from_dict({"columns": columns})
    try:
        GaussianCopulaSynthesizer(metadata).fit(data)
        print(f"{label}: fit ok (dtypes {dict(data.dtypes.astype(str))})")
    except Exception as error:  # the point is which error SDV raises
        print(f"{label}: {type(error).__name__} {str(error).splitlines()[-1][:160]}")


rows = 12
numbers = "island,mass\n" + "".join(f'Dream,"{3700 + i}"\n' for i in range(rows))
fit("quoted numbers, declared numerical", numbers,
    {"island": {"sdtype": "categorical"}, "mass": {"sdtype": "numerical"}})
fit('"3,750" declared numerical', numbers.replace('"3702"', '"3,750"'),
    {"island": {"sdtype": "categorical"}, "mass": {"sdtype": "numerical"}})
words = "sex,x\n" + "".join(f"{['male', 'female', 'yes'][i % 3]},{i}\n" for i in range(rows))
fit("male/female/yes declared boolean", words, {"sex": {"sdtype": "boolean"}, "x": {"sdtype": "numerical"}})
booleans = "sex,x\n" + "".join(f'"{["true", "false"][i % 2]}",{i}\n' for i in range(rows))
fit('quoted "true"/"false" declared boolean', booleans, {"sex": {"sdtype": "boolean"}, "x": {"sdtype": "numerical"}})
