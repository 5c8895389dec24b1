"""Reference values for Tests/EvaluationTests/PrivacyOracleTests.swift.

Run with the project's reference venv: /work/venv/bin/python scripts/reference/privacy_oracles.py
(sdmetrics 0.32.0, scipy 1.17.1, scikit-learn 1.9.1 when the values were pasted). Prints Swift literals.
"""
import numpy as np
import pandas as pd
from scipy.stats import gaussian_kde
from sdmetrics.single_table.privacy.dcr_utils import calculate_dcr
from sdmetrics.single_table import DCROverfittingProtection

# --- SDMetrics DCR on a small mixed table (numerical with a missing value, integer, categorical, boolean)
train = pd.DataFrame({
    "x": [0.5, 1.25, 3.0, 4.75, 2.0, np.nan, 6.5, 0.0, 5.25, 3.5],
    "n": [1, 4, 2, 8, 5, 3, 7, 6, 2, 9],
    "c": ["a", "b", "a", "c", "b", "a", "c", "b", "a", "c"],
    "f": [True, False, True, True, False, False, True, False, True, False],
})
holdout = pd.DataFrame({
    "x": [1.0, 2.75, 4.0, 6.0, np.nan, 0.25, 5.5, 3.25, 2.25, 4.5],
    "n": [3, 5, 1, 9, 4, 2, 8, 6, 7, 3],
    "c": ["b", "a", "c", "c", "a", "b", "a", "b", "c", "a"],
    "f": [False, True, False, True, True, False, False, True, True, False],
})
synthetic = pd.DataFrame({
    "x": [0.5, 1.5, 3.0, 7.0, np.nan, 2.5, 4.0, 5.0, -1.0, 3.25, 6.25, 0.75],
    "n": [1, 4, 3, 8, 3, 6, 2, 9, 1, 6, 7, 5],
    "c": ["a", "b", "b", "c", "a", "c", "a", "b", "b", "a", "c", "c"],
    "f": [True, False, True, True, False, True, False, False, True, True, True, False],
})
metadata = {"columns": {"x": {"sdtype": "numerical"}, "n": {"sdtype": "numerical"},
                        "c": {"sdtype": "categorical"}, "f": {"sdtype": "boolean"}}}

dcr = calculate_dcr(dataset=synthetic, reference_dataset=train, metadata=metadata)
print("let sdmetricsDCRSyntheticToTrain: [Double] = [" + ", ".join(repr(float(v)) for v in dcr) + "]")
b = DCROverfittingProtection.compute_breakdown(train, synthetic, holdout, metadata, None)
print("let sdmetricsOverfitting = (score: %r, closerToTraining: %r)" % (float(b["score"]), float(b["synthetic_data_percentages"]["closer_to_training"])))

# --- scipy gaussian_kde (DOMIAS' density estimator): log densities at a few points
rng = np.random.default_rng(7)
data = np.round(rng.normal(size=(3, 40)) * [[1.0], [2.0], [0.5]], 3)
kde = gaussian_kde(data)
points = np.array([[0.0, 0.0, 0.0], [1.0, -2.0, 0.25], [-0.5, 3.0, -0.75]]).T
print("let kdeData: [[Double]] = [" + ", ".join("[" + ", ".join(repr(float(v)) for v in row) + "]" for row in data.T) + "]")
print("let kdeLogPDF: [Double] = [" + ", ".join(repr(float(v)) for v in kde.logpdf(points)) + "]")
