"""AdamW's first moment of a weight that gets no gradient any more (docs/ddpm.md, "Why the full run's steps
were slower").

torch.optim.AdamW's single-tensor update at TabDDPM's SynthCity defaults (lr 0.002 decaying linearly, weight
decay 1e-4, betas 0.9 / 0.999, eps 1e-8), replayed in NumPy float32, independent of the Swift code:
  p = p (1 - lr wd);  m = m + (1 - b1) (g - m);  v = v b2 + (1 - b2) g g
  p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
A weight of a ReLU unit that died (no row of the batch activates it) has g = 0 from then on. Printed for a few
moments at the step the unit died: the first step where m is subnormal (|m| < 2^-126), m after 5,000 more
steps (unflushed it stops at 4 x 2^-149 = 5.6e-45 for good: the step subtracts a tenth of it, which rounds
to zero), and whether the weight after those steps is the same float32 unflushed and with m and v flushed to zero
whenever subnormal (what flush-to-zero does to the stored moments). The default run has 32 steps an epoch,
so the first column over 32 is the number of epochs after the unit died.

Run: python3 scripts/reference/adamw_moment_subnormal.py   (needs numpy)
"""
import numpy as np

f32 = np.float32
TINY = np.finfo(f32).tiny


def flush(x, on):
    return f32(0) if on and x != 0 and abs(x) < TINY else x


def run(m0, v0, p0, died_at=100, extra=5000, total=32000, lr0=0.002, wd=1e-4, b1=0.9, b2=0.999, eps=1e-8,
        flushing=False):
    p, m, v = f32(p0), f32(m0), f32(v0)
    first = None
    for t in range(died_at + 1, died_at + extra + 1):
        lr = lr0 * (1 - t / total)
        p = f32(p * f32(1 - lr * wd))
        m = f32(m + f32(1 - b1) * (f32(0) - m))
        v = f32(v * f32(b2))
        step = f32(-(lr / (1 - b1 ** t)))
        p = f32(p + step * m / (np.sqrt(v) / f32(np.sqrt(1 - b2 ** t)) + f32(eps)))
        m, v = flush(m, flushing), flush(v, flushing)
        if first is None and m != 0 and abs(m) < TINY:
            first = t - died_at
    return first, m, p


if __name__ == "__main__":
    print("m when died   v when died   weight   first subnormal step   m after 5000 (unflushed)   weight same flushed?")
    for m0, v0, p0 in ((1e-2, 1e-4, 0.05), (1e-3, 1e-6, -0.02), (1e-4, 1e-8, 0.003), (1e-5, 1e-10, -1e-4)):
        first, m, p = run(m0, v0, p0)
        _, mf, pf = run(m0, v0, p0, flushing=True)
        same = np.float32(p).tobytes() == np.float32(pf).tobytes()
        print(f"{m0:>11g}   {v0:>11g}   {p0:>6g}   {first!s:>20}   {float(m):>24.3g}   {same!s:>20}   (flushed m {float(mf):g})")
