"""Reference values for DPGeneratorTests: Opacus 1.4.1's RDP accountant for the settings the tests give
dpgan and dp-ctgan (600 training rows, Poisson batches of expected size 100, so q = 100/600 and
floor(1/q) = 6 steps per epoch).

- dpgan: noise calibrated with `get_noise_multiplier(accountant="rdp", steps=...)` for epsilon 1 at
  delta 1/600 over 3 epochs (18 steps), then the epsilon that noise spends over those steps.
- dp-ctgan: sigma 5 fixed, delta 1/(600 sqrt 600), budget 0.5: the epsilon after each epoch and the
  number of whole epochs that stay within the budget (training stops before the epoch that would exceed it).

Run with Opacus 1.4.1 installed: python scripts/reference/opacus_dp_generators.py
"""
import math

import opacus
from opacus.accountants import RDPAccountant
from opacus.accountants.utils import get_noise_multiplier

print("opacus", opacus.__version__)
N, B = 600, 100
q = B / N
steps_per_epoch = int(1 / q)

steps = 3 * steps_per_epoch
sigma = get_noise_multiplier(target_epsilon=1.0, target_delta=1 / N, sample_rate=q, steps=steps, accountant="rdp")
acc = RDPAccountant()
acc.history = [(sigma, q, steps)]
print(f"dpgan: q={q!r} steps={steps} sigma={sigma!r} epsilon={acc.get_epsilon(delta=1 / N)!r}")

delta = 1 / (N * math.sqrt(N))
epochs_within = 0
for e in range(1, 200):
    acc = RDPAccountant()
    acc.history = [(5.0, q, e * steps_per_epoch)]
    eps = acc.get_epsilon(delta=delta)
    if eps > 0.5:
        break
    epochs_within, last = e, eps
print(f"dp-ctgan: delta={delta!r} epochs_within_budget={epochs_within} epsilon={last!r}")

# dp-ctgan with noise = calibrated: the noise multiplier make_private_with_epsilon would use for epsilon 0.5 at
# delta 1/(600 sqrt 600) over 4 epochs (24 steps), and the epsilon it spends over them.
steps = 4 * steps_per_epoch
sigma = get_noise_multiplier(target_epsilon=0.5, target_delta=delta, sample_rate=q, steps=steps, accountant="rdp")
acc = RDPAccountant()
acc.history = [(sigma, q, steps)]
print(f"dp-ctgan calibrated: steps={steps} sigma={sigma!r} epsilon={acc.get_epsilon(delta=delta)!r}")
