"""Reference values for QuantileNormalTransformer (SynthBench's port of sklearn's QuantileTransformer as
SynthCity's `quantile` encoder configures it: output_distribution="normal", n_quantiles=max(min(n // 30, 1000), 10),
subsample=10000). Run with the project's reference venv: /work/venv/bin/python scripts/reference/ddpm_quantile_transformer.py
The data set is small enough that no subsampling happens, so the values are deterministic."""
import numpy as np
from sklearn.preprocessing import QuantileTransformer

# 62 values: a tied minimum (five 17s), a spread, a tied maximum (three 90s).
x = np.array([17] * 5 + [18, 19, 20, 21, 22, 23, 25, 26, 28, 30, 31, 33, 34, 36, 37, 39, 40, 41, 43, 44,
              45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69,
              70, 72, 74, 76, 78, 80, 82, 85, 88] + [90] * 3, dtype=float)
assert len(x) == 62, len(x)
n_q = max(min(len(x) // 30, 1000), 10)
qt = QuantileTransformer(output_distribution="normal", n_quantiles=n_q, subsample=10000, random_state=0)
qt.fit(x.reshape(-1, 1))
print("quantiles:", [round(v, 12) for v in qt.quantiles_[:, 0]])
probe = np.array([17, 18, 30, 44.5, 63, 89, 90], dtype=float)
print("transform:", [repr(float(v)) for v in qt.transform(probe.reshape(-1, 1))[:, 0]])
z = np.array([-6, -5.3, -2, -0.5, 0, 0.7, 2.5, 5.3], dtype=float)
print("inverse:", [repr(float(v)) for v in qt.inverse_transform(z.reshape(-1, 1))[:, 0]])
