"""scipy.stats.ks_2samp reference values for Tests/SynthMathTests/KolmogorovSmirnovTests.swift (`cases` and
`methodOverrides`). Run with /work/venv/bin/python (scipy 1.17.1). `lattice` is StatTest.lattice:
(i * multiplier mod modulus) / modulus * scale + shift for i = 1..count.
"""
from scipy.stats import ks_2samp

def lattice(count, multiplier, modulus, scale=1.0, shift=0.0):
    return [((i * multiplier) % modulus) / modulus * scale + shift for i in range(1, count + 1)]

cases = [
    ("ties, exact, 9 vs 7", [1, 2, 2, 3, 4, 5, 5, 5, 6], [2, 2, 3, 3, 3, 7, 8]),
    ("one value each", [1], [2]),
    ("equal sizes 40, exact", lattice(40, 17, 101), lattice(40, 23, 103, shift=0.15)),
    ("lattice ties 60 vs 45", lattice(60, 7, 13), lattice(45, 5, 11, shift=0.05)),
    ("300 vs 457, exact", lattice(300, 37, 1009), lattice(457, 53, 1013, scale=1.1, shift=0.02)),
    ("small exact p", lattice(200, 31, 997), lattice(250, 41, 991, shift=0.3)),
    ("12000 vs 15000, asymptotic (Pelz-Good)", lattice(12000, 7919, 104729), lattice(15000, 6007, 104723, shift=0.01)),
    ("12000 vs 15000, asymptotic (Smirnov)", lattice(12000, 7919, 104729), lattice(15000, 6007, 104723, shift=0.05)),
    ("32k vs 32k, asymptotic (Durbin matrix)", lattice(32768, 7919, 65521), lattice(32768, 104729, 65519, shift=0.001)),
    ("32k vs 32k, asymptotic (Pelz-Good)", lattice(32768, 7919, 65521), lattice(32768, 104729, 65519, shift=0.004)),
]
for name, x, y in cases:
    r = ks_2samp(x, y)
    print(f"{name}: statistic {r.statistic!r} pValue {r.pvalue!r} location {r.statistic_location!r} sign {r.statistic_sign}")

x, y = lattice(300, 37, 1009), lattice(457, 53, 1013, scale=1.1, shift=0.02)
print("300 vs 457, method='asymp':", repr(ks_2samp(x, y, method="asymp").pvalue))
x, y = lattice(12000, 7919, 104729), lattice(15000, 6007, 104723, shift=0.01)
print("12000 vs 15000, method='exact':", repr(ks_2samp(x, y, method="exact").pvalue))
