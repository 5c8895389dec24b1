"""Reference values for TabDDPM's `gaussian_loss_type="kl"` Gaussian loss (SynthCity 0.2.12's
GaussianMultinomialDiffusion._gaussian_loss -> _vb_terms_bpd) and its gradient with respect to the model
output, for Tests/SynthesizersTests/DiffusionMathTests.swift (gaussianBoundAgainstSynthCity).

Run with the SynthCity venv: /work/venv-synthcity/bin/python scripts/reference/ddpm_gaussian_kl.py
The inputs are written as closed-form sequences so the Swift test can rebuild them exactly.
"""
import math

import torch
from synthcity.plugins.core.models.tabular_ddpm.gaussian_multinomial_diffsuion import (
    GaussianMultinomialDiffusion,
)

torch.set_default_dtype(torch.float32)
T, m, nw = 20, 6, 3
diffusion = GaussianMultinomialDiffusion(
    num_numerical_features=nw, num_categorical_features=[2], model_type="mlp",
    model_params=dict(n_units_hidden=8, n_layers_hidden=1, dropout=0.0), num_timesteps=T,
    gaussian_loss_type="kl", scheduler="cosine",
)
# The same closed-form inputs as the Swift test: x_0 in (-2, 2) (rows 0 and 4 hold values beyond +-0.999
# and inside, for the decoder's three bins), eps, and the model's eps-hat.
x0 = torch.tensor([[math.sin(1.3 * (r * nw + c) + 0.2) * 1.9 for c in range(nw)] for r in range(m)])
x0[0, 0], x0[4, 1] = 0.3, -0.5
eps = torch.tensor([[math.cos(0.7 * (r * nw + c)) for c in range(nw)] for r in range(m)])
out = torch.tensor([[math.cos(0.7 * (r * nw + c)) + 0.3 * math.sin(2.1 * (r * nw + c)) for c in range(nw)]
                    for r in range(m)], requires_grad=True)
t = torch.tensor([0, 1, 5, 19, 0, 12])
xt = diffusion.gaussian_q_sample(x0, t, noise=eps)
loss = diffusion._gaussian_loss(out, x0, xt, t, eps)
print("per-row:", [float(v) for v in loss])
total = loss.mean()
total.backward()
print("mean:", float(total))
print("grad:", [float(v) for v in out.grad.flatten()])
