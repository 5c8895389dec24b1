"""How a weight with a zero gradient ends under Adam with an L2 term (docs/privacy.md §4, "Subnormal weights").

torch.optim.Adam's single-tensor update (weight_decay added to the gradient, eps after the bias-corrected
square root), replayed in NumPy float32 with no flush, independent of the Swift code:
  g = grad + wd * p;  m = m + (1 - b1) (g - m);  v = v b2 + (1 - b2) g g
  p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
With grad = 0 (a dead ReLU unit's weights, an input column that is always 0) the L2 term drives p down
geometrically once |wd p| is below eps. Printed, at SynthCity's pategan setting (lr = wd = 1e-3, betas 0.9,
0.999, eps 1e-8), for a few starting values: the first step where |p| < 1e-30 (from there a product with
an activation below about 1e-8 underflows into the subnormals), the first step where p itself is subnormal
(|p| < 2^-126, about 1.18e-38), the geometric rate per step over steps 500-1000, and p after 2,500 steps,
once unflushed (PyTorch and SynthNN by default) and once with p, m and v flushed to zero when subnormal
(roughly what flush-to-zero mode does to the stored values). pategan takes 10 generator steps per
iteration, so 1,300-1,700 steps are iterations 130-170, where the epsilon-10 run on adult slowed down.

Also printed: the same for tvae's weight decay 1e-5 over 20,000 steps (`tvae_table`).

Run: python3 scripts/reference/adam_subnormal_decay.py   (needs numpy)
"""
import numpy as np

f32 = np.float32
TINY = np.finfo(f32).tiny


def flush(x, on):
    return f32(0) * np.sign(x) if on and x != 0 and abs(x) < TINY else x


def run(p0, steps=2500, lr=1e-3, wd=1e-3, b1=0.9, b2=0.999, eps=1e-8, flushing=False):
    p, m, v = f32(p0), f32(0), f32(0)
    first, below, at = None, None, {}
    for t in range(1, steps + 1):
        g = f32(0) + f32(wd) * p
        m = m + f32(1 - b1) * (g - m)
        v = v * f32(b2) + f32(1 - b2) * g * g
        p = f32(p + f32(-(lr / (1 - b1 ** t))) * m / (np.sqrt(v) / f32(np.sqrt(1 - b2 ** t)) + f32(eps)))
        p, m, v = flush(p, flushing), flush(m, flushing), flush(v, flushing)
        if first is None and p != 0 and abs(p) < TINY:
            first = t
        if below is None and abs(p) < 1e-30:
            below = t
        if t in (500, 1000):
            at[t] = abs(float(p))
    rate = (at[1000] / at[500]) ** (1 / 500) if at.get(500) and at.get(1000) else float("nan")
    return below, first, rate, float(p)


def tvae_table():
    """tvae's setting (SDV's l2scale and SynthCity's weight_decay 1e-5, lr 1e-3, betas 0.9, 0.999; docs/privacy.md
    §4, "Subnormals in tvae"), over 20,000 steps (SDV's 300 epochs of 66 steps are 19,800): the same columns,
    with p after the last step (None: p never became subnormal, it hovers just above the smallest normal)."""
    print("\ntvae: wd 1e-5, 20000 steps")
    print("start   first step < 1e-30  first subnormal step  rate/step   p after 20000 (unflushed)")
    for p0 in (0.1, 0.03, 0.01, 0.001):
        below, first, rate, end = run(p0, steps=20000, wd=1e-5)
        print(f"{p0:>7}  {below!s:>18}  {first!s:>20}  {rate:9.5f}   {end:>25.6g}")


if __name__ == "__main__":
    print("start   first step < 1e-30  first subnormal step  rate/step   p after 2500 (unflushed)   (flushed)")
    for p0 in (0.1, 0.03, -0.03, 0.01):
        below, first, rate, end = run(p0)
        end_flushed = run(p0, flushing=True)[3]
        print(f"{p0:>7}  {below!s:>18}  {first!s:>20}  {rate:9.5f}   {end:>24.6g}   {end_flushed:>9.3g}")
    tvae_table()
