"""numpy/scipy reference values for Tests/SynthMathTests/HistogramTests.swift (histograms, shared bins,
digitize, Jensen-Shannon, KL). Run with /work/venv/bin/python (numpy 2.4.6, scipy 1.17.1).
`lattice` is StatTest.lattice.
"""
import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.special import kl_div
from scipy.stats import entropy


def lattice(count, multiplier, modulus, scale=1.0, shift=0.0):
    return [((i * multiplier) % modulus) / modulus * scale + shift for i in range(1, count + 1)]


def show(name, value):
    print(name + ":", value.tolist() if isinstance(value, np.ndarray) else repr(float(value)))


# equalWidthMatchesNumpy
counts, edges = np.histogram(lattice(50, 7, 13, scale=10, shift=-2), bins=6)
show("6 bins counts", counts); show("6 bins edges", edges)
counts, edges = np.histogram([1, 1, 1], bins=3)
show("constant counts", counts); show("constant edges", edges)

# sharedBinsMatchNumpy: bins over the reference's range, then over the pooled range
a, b = lattice(80, 17, 101), lattice(70, 23, 103, scale=1.2, shift=0.1)
edges = np.histogram_bin_edges(a, bins=10)
ra, _ = np.histogram(a, bins=edges)
rb, _ = np.histogram(b, bins=edges)
show("reference edges", edges); show("reference counts a", ra); show("reference counts b", rb)
pooled = np.histogram_bin_edges(a + b, bins=10)
pa, _ = np.histogram(a, bins=pooled)
pb, _ = np.histogram(b, bins=pooled)
show("pooled edges", pooled); show("pooled counts a", pa); show("pooled counts b", pb)
show("JS(ref a, ref b)", jensenshannon(ra, rb)); show("JS base 2", jensenshannon(ra, rb, base=2))
# SynthCity's jensenshannon_dist adds 1 to every probability; scipy renormalises.
show("JS +1", jensenshannon(ra / ra.sum() + 1, rb / rb.sum() + 1))
show("KL(pooled a, pooled b)", entropy(pa, pb)); show("KL base 2", entropy(pa, pb, base=2))
show("KL(ref a, ref b)", entropy(ra, rb))

# digitizeMatchesNumpy (edges of 10 equal bins on [0, 1])
print("digitize:", np.digitize([-1, 0, 0.05, 0.5, 0.99, 1, 2, np.nan], np.linspace(0, 1, 11)).tolist())

# divergencesMatchScipy
show("JS([1,0],[0,1])", jensenshannon([1, 0], [0, 1])); show("base 2", jensenshannon([1, 0], [0, 1], base=2))
show("JS 3 levels", jensenshannon([0.1, 0.4, 0.5], [0.2, 0.2, 0.6]))
show("JS counts", jensenshannon([3, 1, 0, 6], [1, 1, 2, 2]))
show("KL 3 levels", entropy([0.1, 0.4, 0.5], [0.2, 0.2, 0.6]))
show("KL counts base 2", entropy([3, 1, 0, 6], [1, 1, 2, 2], base=2))
show("sum kl_div", kl_div([0.3, 0.5, 0.2, 1e-11], [0.25, 0.25, 0.4, 0.1]).sum())
