"""Reference values for NeuralSynthesizerTests.rocAUCMatchesScikitLearn (Tests/SynthesizersTests/NeuralSynthesizerTests.swift):
scikit-learn's roc_auc_score on two four-row cases, one with a tied score (a tie counts one half).

Run:  /work/venv/bin/python scripts/reference/roc_auc_ties.py   (scikit-learn)
"""
import sklearn
from sklearn.metrics import roc_auc_score

print(f'# scikit-learn {sklearn.__version__}')
print(roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]))  # 0.75
print(roc_auc_score([0, 1, 0, 1], [0.1, 0.4, 0.4, 0.8]))   # 0.875
