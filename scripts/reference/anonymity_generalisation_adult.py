"""Cross-check of docs/metrics.md's adult table for generalised quasi-identifiers (anonymity suite).

Recomputes, by a plain grouping of the CSV rows, the synthetic class count, k, the share of synthetic rows in
classes below 5, the real k, k-map and delta-presence for each declaration of the table, from adult's training file
and a synthetic CSV. Missing values ('?' in the real file, empty or '?' in the synthetic one) are a value of their
own, as in synthbench.

    python scripts/reference/anonymity_generalisation_adult.py ADULT_DATA SYNTHETIC_CSV docs/hierarchies/adult-native-country.csv
"""
import collections
import csv
import sys

COLUMNS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
           "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]


def rules(hierarchy_file):
    levels = {}
    with open(hierarchy_file) as f:
        for line in f:
            fields = line.rstrip("\n").split(";")
            levels[fields[0]] = fields

    def band(width):
        return lambda v: None if v is None else int(float(v)) // width

    def cuts(points):
        return lambda v: None if v is None else sum(p <= float(v) for p in points)

    def level(n):
        return lambda v: None if v is None else levels[v][n]

    exact = lambda v: v
    return [
        ("age,sex", {"age": exact, "sex": exact}),
        ("age:interval=10,sex", {"age": band(10), "sex": exact}),
        ("age:interval=20,sex", {"age": band(20), "sex": exact}),
        ("age,sex,race", {"age": exact, "sex": exact, "race": exact}),
        ("age:interval=10,sex,race", {"age": band(10), "sex": exact, "race": exact}),
        ("age,sex,race,native-country", {"age": exact, "sex": exact, "race": exact, "native-country": exact}),
        ("age:interval=10,sex,race,native-country", {"age": band(10), "sex": exact, "race": exact, "native-country": exact}),
        ("age:interval=10,sex,race,native-country:hierarchy=H@1",
         {"age": band(10), "sex": exact, "race": exact, "native-country": level(1)}),
        ("age:interval=10,sex,race,native-country:hierarchy=H@2",
         {"age": band(10), "sex": exact, "race": exact, "native-country": level(2)}),
        ("age:interval=10,sex,race,native-country:hierarchy=H@1,hours-per-week:cuts=20|40|60",
         {"age": band(10), "sex": exact, "race": exact, "native-country": level(1), "hours-per-week": cuts([20, 40, 60])}),
    ]


def clean(v):
    v = v.strip()
    return None if v in ("", "?") else v


def main(adult_data, synthetic_csv, hierarchy_file):
    with open(adult_data) as f:
        real = [dict(zip(COLUMNS, map(clean, row))) for row in csv.reader(f) if row]
    with open(synthetic_csv) as f:
        synthetic = [{k: clean(v) for k, v in row.items()} for row in csv.DictReader(f)]
    for name, keyed in rules(hierarchy_file):
        def classes(rows):
            return collections.Counter(tuple(rule(row[c]) for c, rule in keyed.items()) for row in rows)
        r, s = classes(real), classes(synthetic)
        shared = [key for key in s if key in r]
        below5 = sum(n for n in s.values() if n < 5) / len(synthetic)
        print(f"{name}: classes {len(s)}, k {min(s.values())}, share_below_5 {below5:.5f}, real k {min(r.values())}, "
              f"k-map {min(r[key] for key in shared)}, delta {max(s[key] / r[key] for key in shared):.4f}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
