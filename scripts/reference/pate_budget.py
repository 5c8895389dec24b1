"""What PATE-GAN's budget buys: teacher queries affordable and how noisy their labels are (docs/privacy.md §4).

Closed forms from Papernot et al. 2017 (Thms 2-3) and Jordon et al. 2019 (Algorithm 1), standard library
only, independent of the Swift code:
  q       = (2 + lam*gap) / (4 * exp(lam*gap)),  gap = |n0 - n1|
  alpha(l) += min(log((1-q)*((1-q)/(1-exp(2 lam) q))**l + q*exp(2 lam l)), 2 lam^2 l (l+1))
             (the first term only when q < (exp(2 lam) - 1)/(exp(4 lam) - 1))
  eps     = min_l (alpha(l) + log(1/delta)) / l,  l = 1..100
For T teachers the noisy label is 1[(n1 + Lap(1/lam)) / T > 1/2]; with unanimous votes it differs from
the teachers' answer with probability exp(-lam T / 2) / 2 (the "flip share"). "clean-equivalent" is
Q (1 - 2 flip)^2: the number of noiseless labels carrying as much information about the teachers'
answer as Q labels flipped at that rate (the squared correlation of a flipped and a clean label).

Printed for each (T, lam) and epsilon 1 and 10 at delta 1e-5: the most queries the accountant allows when
every vote is unanimous (the cheapest case), when every vote is 3:1 (n1 = T/4) and when every vote is tied.

Run: python3 scripts/reference/pate_budget.py
"""
import math

DELTA, ORDERS = 1e-5, 100


def increments(gap, lam):
    g = lam * gap
    q = (2 + g) / (4 * math.exp(g)) if g < 700 else 0.0
    valid = q < (math.exp(2 * lam) - 1) / (math.exp(4 * lam) - 1)
    out = []
    for l in range(1, ORDERS + 1):
        indep = 2 * lam * lam * l * (l + 1)
        if valid:
            inner = (1 - q) * ((1 - q) / (1 - math.exp(2 * lam) * q)) ** l + q * math.exp(min(2 * lam * l, 700))
            out.append(min(math.log(inner), indep))
        else:
            out.append(indep)
    return out


def epsilon(queries, inc):
    return min((queries * a - math.log(DELTA)) / (i + 1) for i, a in enumerate(inc))


def most_queries(inc, target, cap=10 ** 9):
    if epsilon(1, inc) > target:
        return 0
    lo, hi = 1, 2
    while hi < cap and epsilon(hi, inc) <= target:
        hi *= 2
    if hi >= cap:
        return cap
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if epsilon(mid, inc) <= target else (lo, mid)
    return lo


print(f"delta {DELTA}, orders 1..{ORDERS}; '>=1e9' means the cap of the search")
print("teachers  lambda  eps | Q unanimous   Q 3:1   Q tied | flip (unanimous)  clean-equivalent (unanimous)")
for teachers, lams in [(10, [1e-3, 1e-2, 0.1, 1.0]), (100, [1e-3, 0.01, 0.03, 0.1]),
                       (300, [1e-3, 0.01, 0.03]), (1000, [1e-3, 0.003, 0.01])]:
    for lam in lams:
        for target in (1.0, 10.0):
            qs = [most_queries(increments(gap, lam), target) for gap in (teachers, teachers // 2, teachers % 2)]
            flip = 0.5 * math.exp(-lam * teachers / 2)
            shown = ["%9s" % (">=1e9" if q >= 10 ** 9 else q) for q in qs]
            print(f"{teachers:8d} {lam:7g} {target:4g} | {' '.join(shown)} | {flip:.4f}  {qs[0] * (1 - 2 * flip) ** 2:14.1f}")
