"""Reference values for PATEMomentsAccountantTests (PATE-GAN's data-dependent moments accountant).

Written from the formulas of Papernot et al. 2017 (Thms 2-3) and Jordon et al. 2019 (Algorithm 1),
independently of the Swift code, with the standard library only:
  q      = (2 + lam*|n0 - n1|) / (4 * exp(lam*|n0 - n1|))
  alpha(l) += min(log((1-q)*((1-q)/(1-exp(2 lam) q))**l + q*exp(2 lam l)), 2 lam^2 l (l+1))
            (the first term only when q < (exp(2 lam) - 1)/(exp(4 lam) - 1), else the second)
  eps    = min_l (alpha(l) + log(1/delta)) / l
It also prints SynthCity 0.2.12's version (`np.exp(2 * lamda * lidx + 1)`, clip at 0, issue #276) for
the same queries, which the tests use as a negative control.

Run: python3 scripts/reference/pate_accountant.py
"""
import math

LAM, ORDERS, DELTA = 0.5, 20, 1e-6
QUERIES = [(10, 0)] * 200 + [(8, 2)] * 20 + [(5, 5)] * 2


def q_of(n0, n1, lam):
    gap = lam * abs(n0 - n1)
    return (2 + gap) / (4 * math.exp(gap))


def correct(queries, lam, orders):
    alpha = [0.0] * orders
    for n0, n1 in queries:
        q = q_of(n0, n1, lam)
        valid = 0 < q < (math.exp(2 * lam) - 1) / (math.exp(4 * lam) - 1)
        for i in range(orders):
            l = i + 1
            indep = 2 * lam * lam * l * (l + 1)
            if valid:
                dep = math.log((1 - q) * ((1 - q) / (1 - math.exp(2 * lam) * q)) ** l + q * math.exp(2 * lam * l))
                alpha[i] += min(dep, indep)
            else:
                alpha[i] += indep
    return alpha


def synthcity(queries, lam, orders):
    alpha = [0.0] * orders
    for n0, n1 in queries:
        q = q_of(n0, n1, lam)
        for lidx in range(orders):
            upper = 2 * lam ** 2 * (lidx + 1) * (lidx + 2)
            t = (1 - q) * ((1 - q) / (1 - math.exp(2 * lam) * q)) ** (lidx + 1)
            t = math.log(t + q * math.exp(2 * lam * lidx + 1))
            alpha[lidx] += min(max(t, 0), upper)
    return alpha


def epsilon(alpha, delta):
    return min(((a - math.log(delta)) / (i + 1), i + 1) for i, a in enumerate(alpha))


for name, f in [("correct", correct), ("synthcity", synthcity)]:
    a = f(QUERIES, LAM, ORDERS)
    eps, order = epsilon(a, DELTA)
    print(f"{name}: alpha[1]={a[0]!r} alpha[5]={a[4]!r} alpha[20]={a[19]!r} epsilon={eps!r} order={order}")
