"""scipy reference values for Tests/SynthMathTests/Fixtures/ScipyValues.swift (used by SpecialFunctionsTests'
inverse functions and DistributionValueTests): prints the whole Swift file, so
`python scripts/reference/scipy_values.py | diff - Tests/SynthMathTests/Fixtures/ScipyValues.swift` checks it.
Run with /work/venv/bin/python (scipy 1.17.1).
"""
import scipy
from scipy import special, stats

QUANTILE_PS = [1e-12, 1e-06, 0.01, 0.3, 0.5, 0.7, 0.99, 0.999999999]
# name, frozen distribution (the parameters DistributionValueTests builds), points for pdf/logpdf/cdf
DISTRIBUTIONS = [
    ("beta", stats.beta(0.7, 2.3, loc=-1.5, scale=4), [-1.4, -0.5, 0.0, 1.0, 2.4]),
    ("gamma", stats.gamma(2.7, loc=1, scale=0.8), [1.1, 2.0, 3.0, 6.0, 15.0]),
    ("gammaSmallShape", stats.gamma(0.3, loc=0, scale=2), [1e-05, 0.1, 1.0, 5.0]),
    ("truncnormInner", stats.truncnorm(-1.2, 2.5, loc=3, scale=2), [0.7, 3.0, 6.0, 7.9]),
    ("truncnormUpperTail", stats.truncnorm(6, 9, loc=0, scale=1), [6.0001, 6.5, 8.0]),
    ("truncnormLowerTail", stats.truncnorm(-40, -38.5, loc=10, scale=0.5), [-9.9, -9.5, -9.3]),
    ("norm", stats.norm(loc=-2, scale=3), [-20.0, -2.0, 1.5, 10.0]),
]
INVERSE_BETA = [(0.5, 0.5, 0.3), (2.0, 3.0, 0.4), (10.0, 2.0, 0.9), (0.1, 50.0, 0.001), (100.0, 200.0, 0.33),
                (5.0, 0.5, 0.999), (0.05, 0.05, 0.5), (3.0, 4.0, 1e-12), (3.0, 4.0, 0.999999999999),
                (0.2, 7.0, 0.9999), (1.0, 1.0, 0.25), (30.0, 0.3, 0.01)]
INVERSE_GAMMA = [(0.5, 0.1), (1.0, 0.5), (3.0, 0.9), (10.0, 0.5), (100.0, 0.01), (0.01, 0.5), (0.2, 1e-10),
                 (2.5, 0.999999999999), (50.0, 0.999), (0.001, 0.9), (7.0, 1e-15), (1000.0, 0.3)]
TRIGAMMA = [0.01, 0.5, 1.0, 2.5, 9.99, 10.0, 33.3, 10000.0, -0.5, -2.7]


def swift(rows):
    return "[" + ", ".join("(" + ", ".join(repr(float(v)) for v in row) + ")" for row in rows) + "]"


print(f"// Reference values from scipy {scipy.__version__} (scipy.special, scipy.stats); numbers only. "
      "Regenerate: scripts/reference/scipy_values.py.")
print("enum ScipyValues {")
print("    /// (a, b, p, betaincinv(a, b, p))")
print("    static let inverseBeta: [(Double, Double, Double, Double)] = "
      + swift([(a, b, p, special.betaincinv(a, b, p)) for a, b, p in INVERSE_BETA]))
print("    /// (a, p, gammaincinv(a, p))")
print("    static let inverseGamma: [(Double, Double, Double)] = "
      + swift([(a, p, special.gammaincinv(a, p)) for a, p in INVERSE_GAMMA]))
print("    /// (x, polygamma(1, x))")
print("    static let trigamma: [(Double, Double)] = " + swift([(x, special.polygamma(1, x)) for x in TRIGAMMA]))
for name, d, xs in DISTRIBUTIONS:
    print(f"    /// {name}: (x, pdf, logpdf, cdf)")
    print(f"    static let {name}Values: [(Double, Double, Double, Double)] = "
          + swift([(x, d.pdf(x), d.logpdf(x), d.cdf(x)) for x in xs]))
    print(f"    static let {name}Quantiles: [(Double, Double)] = " + swift([(p, d.ppf(p)) for p in QUANTILE_PS]))
print("}")
