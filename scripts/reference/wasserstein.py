"""scipy.stats.wasserstein_distance reference values for Tests/SynthMathTests/WassersteinTests.swift.
Run with /work/venv/bin/python (scipy 1.17.1). `lattice` is StatTest.lattice.
"""
from scipy.stats import wasserstein_distance as w

def lattice(count, multiplier, modulus, scale=1.0, shift=0.0):
    return [((i * multiplier) % modulus) / modulus * scale + shift for i in range(1, count + 1)]

print("docstring 1:", repr(w([0, 1, 3], [5, 6, 8])))
print("docstring 2:", repr(w([0, 1], [0, 1], [3, 1], [2, 2])))
print("docstring 3:", repr(w([3.4, 3.9, 7.5, 7.8], [4.5, 1.4], [1.4, 0.9, 3.1, 7.2], [3.2, 3.5])))
print("lattice 60 vs 45:", repr(w(lattice(60, 7, 13), lattice(45, 5, 11, scale=2, shift=0.05))))
print("NaN-free rows:", repr(w([1, 4, 2.5], [0.5, 3], [2, 1, 0.5], [1, 3])))
print("5000 vs 7000:", repr(w(lattice(5000, 7919, 10007, scale=3, shift=-1), lattice(7000, 6007, 10009, scale=2.5, shift=-0.5))))
