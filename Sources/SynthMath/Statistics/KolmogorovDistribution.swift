import Foundation

/// The distribution of the two-sided one-sample Kolmogorov-Smirnov statistic
/// D_n = sup_t |F_n(t) − F(t)| for a sample of size n (scipy.stats.kstwo) and of its limit √n·D_n
/// (scipy.stats.kstwobign, the Kolmogorov distribution).
///
/// `survival(_:n:)` follows the algorithm choice of Simard and L'Ecuyer (2011) as scipy's `_kolmogn`
/// makes it, region by region, so p-values agree with scipy to rounding:
/// - n·x ≤ 1 and n·x ≥ n − 1: Ruben and Gambino's closed forms;
/// - x ≥ 0.5: 2·S_n(x), Smirnov's one-sided survival function (exact there);
/// - n ≤ 140: Durbin's matrix (Marsaglia, Tsang and Wang) when n·x² ≤ 0.754693, Pomeranz's recursion when
///   n·x² ≤ 4, otherwise 2·S_n(x);
/// - n > 140: 2·S_n(x) when n·x² ≥ 2.2 (0 when ≥ 370), Durbin's matrix when n ≤ 100000 and
///   n·x^1.5 ≤ 1.4, otherwise the Pelz-Good asymptotic series.
public enum KolmogorovDistribution {
    /// P(D_n > x), scipy.stats.kstwo.sf(x, n). NaN for NaN x or n < 1.
    public static func survival(_ x: Double, n: Int) -> Double { kolmogorovN(n, x, cdf: false) }

    /// P(D_n ≤ x), scipy.stats.kstwo.cdf(x, n). NaN for NaN x or n < 1.
    public static func cdf(_ x: Double, n: Int) -> Double { kolmogorovN(n, x, cdf: true) }

    /// P(K > x) for the limiting Kolmogorov distribution K = lim √n·D_n (scipy.special.kolmogorov,
    /// scipy.stats.kstwobign.sf): the theta-function series √(2π)/x Σ exp(−(2k−1)²π²/(8x²)) below
    /// x = 0.82 (as a CDF) and 2 Σ (−1)^(k−1) exp(−2k²x²) above it.
    public static func limitingSurvival(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        // Below π/√(8·746) every term of the CDF series underflows: K ≤ x has probability 0.
        if x <= Double.pi / (8.0 * 746.0).squareRoot() { return 1 }
        if x <= 0.82 {
            let w = (2 * Double.pi).squareRoot() / x
            let logU8 = -Double.pi * Double.pi / (x * x)
            let u = exp(logU8 / 8)
            if u == 0 { return 1 - min(1, exp(logU8 / 8 + log(w))) }
            let u8 = exp(logU8)
            // 1 + u^8 + u^24 + u^48, nested.
            let series = 1 + u8 * (1 + u8 * u8 * (1 + u8 * u8 * u8))
            return min(max(1 - w * u * series, 0), 1)
        }
        let v = exp(-2 * x * x)
        let v3 = v * v * v
        // 2v(1 − v³(1 − v⁵(1 − v⁷))) = 2(v − v⁴ + v⁹ − v¹⁶).
        let series = 1 - v3 * (1 - v3 * v * v * (1 - v3 * v3 * v))
        return min(max(2 * v * series, 0), 1)
    }

    // MARK: Dispatch (scipy.stats._ksstats._kolmogn)

    static let twoTo128 = 0x1p128
    static let twoToMinus128 = 0x1p-128

    static func kolmogorovN(_ n: Int, _ x: Double, cdf: Bool) -> Double {
        guard n >= 1, !x.isNaN else { return .nan }
        func select(_ cdfProb: Double, _ sfProb: Double) -> Double { min(max(cdf ? cdfProb : sfProb, 0), 1) }
        if x >= 1 { return select(1, 0) }
        if x <= 0 { return select(0, 1) }
        let nd = Double(n)
        let t = nd * x
        if t <= 1 {
            // Ruben-Gambino: for 1/(2n) < x ≤ 1/n, P(D_n ≤ x) = n!/n^n · (2nx − 1)^n.
            if t <= 0.5 { return select(0, 1) }
            let prob: Double
            if n <= 140 {
                var p = 1.0
                let factor = 2 * t - 1
                for i in 1...n { p *= Double(i) * (1.0 / nd) * factor }
                prob = p
            } else {
                prob = exp(logFactorialOverPower(n) + nd * log(2 * t - 1))
            }
            return select(prob, 1 - prob)
        }
        if t >= nd - 1 {
            // Ruben-Gambino: P(D_n > x) = 2(1 − x)^n for x ≥ 1 − 1/n.
            let prob = 2 * pow(1 - x, nd)
            return select(1 - prob, prob)
        }
        if x >= 0.5 {
            let prob = 2 * smirnovSurvival(n, x)
            return select(1 - prob, prob)
        }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 0.754693 {
                let prob = durbinMatrixCDF(n, x)
                return select(prob, 1 - prob)
            }
            if nxSquared <= 4 {
                let prob = pomeranzCDF(n, x)
                return select(prob, 1 - prob)
            }
            let prob = 2 * smirnovSurvival(n, x)
            return select(1 - prob, prob)
        }
        if !cdf {
            if nxSquared >= 370 { return 0 }
            if nxSquared >= 2.2 { return min(max(2 * smirnovSurvival(n, x), 0), 1) }
        }
        let cdfProb: Double
        if nxSquared >= 18 {
            cdfProb = 1
        } else if n <= 100_000 && nd * pow(x, 1.5) <= 1.4 {
            cdfProb = durbinMatrixCDF(n, x)
        } else {
            cdfProb = pelzGoodCDF(n, x)
        }
        return select(cdfProb, 1 - cdfProb)
    }

    /// log(n! / n^n) by Stirling's series with eight correction terms.
    static func logFactorialOverPower(_ n: Int) -> Double {
        let coefficients = [-2.955065359477124183e-2, 6.4102564102564102564e-3,
                            -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                            -5.952380952380952381e-4, 7.9365079365079365079e-4,
                            -2.7777777777777777778e-3, 8.3333333333333333333e-2]
        let nd = Double(n), rn = 1 / nd
        let z = rn / nd
        var poly = 0.0
        for c in coefficients { poly = poly * z + c }
        return log(nd) / 2 - nd + log(2 * Double.pi) / 2 + rn * poly
    }

    // MARK: Durbin's matrix (Marsaglia, Tsang and Wang 2003)

    /// P(D_n ≤ d) = n!/n^n · (H^n)_{kk}, H the (2k−1)² Durbin matrix for k = ⌈nd⌉, with the power taken by
    /// repeated squaring and rescaled by 2^128 (exponent tracked separately) to stay in range.
    static func durbinMatrixCDF(_ n: Int, _ d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1
        var v = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        var factorial = 1.0  // 1/j! after step j
        for j in 1...m {
            w[j - 1] = factorial
            factorial /= Double(j)
            v[j - 1] = (1 - pow(h, Double(j))) * factorial
        }
        let tt = pow(max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1 + tt) * factorial
        var hm = Matrix(rows: m, cols: m)
        for col in 1..<max(m, 1) {
            for row in (col - 1)..<m { hm[row, col] = w[row - col + 1] }
        }
        for row in 0..<m { hm[row, 0] = v[row] }
        for col in 0..<m { hm[m - 1, col] = v[m - 1 - col] }

        var power = Matrix.identity(m)
        var remaining = n
        var exponent = 0, matrixExponent = 0
        while remaining > 0 {
            if remaining % 2 == 1 {
                power = power * hm
                exponent += matrixExponent
            }
            hm = hm * hm
            matrixExponent *= 2
            if abs(hm[k - 1, k - 1]) > twoTo128 {
                for i in hm.storage.indices { hm.storage[i] /= twoTo128 }
                matrixExponent += 128
            }
            remaining /= 2
        }
        var p = power[k - 1, k - 1]
        let nDouble = Double(n)
        for i in 1...n {
            p = Double(i) * p / nDouble
            if abs(p) < twoToMinus128 {
                p *= twoTo128
                exponent -= 128
            }
        }
        if exponent != 0 { p = scalbn(p, exponent) }
        return min(max(p, 0), 1)
    }

    // MARK: Pomeranz's recursion (Pomeranz 1974)

    /// The column window [j1, j2] of row i in Pomeranz's recursion.
    static func pomeranzWindow(_ i: Int, n: Int, ll: Int, ceilF: Int, roundF: Int) -> (Int, Int) {
        let j1: Int, j2: Int
        if i == 0 {
            j1 = -ll - ceilF - 1; j2 = ll + ceilF - 1
        } else {
            let half = (i + 1) / 2
            if (i + 1) % 2 == 0 {  // i odd
                if half == n + 1 {
                    j1 = n - ll - ceilF - 1; j2 = n + ll + ceilF - 1
                } else {
                    j1 = half - 1 - ll - roundF - 1; j2 = half + ll - 1 + ceilF - 1
                }
            } else {
                j1 = half - 1 - ll - 1; j2 = half + ll + roundF - 1
            }
        }
        return (max(j1 + 2, 0), min(j2, n))
    }

    /// P(D_n ≤ x) by Pomeranz's recursion: 2n + 1 banded convolutions with powers (g/n)^m/m!,
    /// (2g/n)^m/m!, ((1 − 2g)/n)^m/m!, where g = min(f, 1 − f) and f is the fractional part of nx.
    static func pomeranzCDF(_ n: Int, _ x: Double) -> Double {
        let nd = Double(n)
        let t = nd * x
        let ll = Int(t.rounded(.down))
        let f = t - Double(ll)
        let g = min(f, 1 - f)
        let ceilF = f > 0 ? 1 : 0
        let roundF = f > 0.5 ? 1 : 0
        let powerCount = 2 * (ll + 1)
        var gPower = [Double](repeating: 1, count: powerCount)
        var twoGPower = [Double](repeating: 1, count: powerCount)
        var oneMinusTwoGPower = [Double](repeating: 1, count: powerCount)
        let gOverN = g / nd, twoGOverN = 2 * g / nd, oneMinusTwoGOverN = (1 - 2 * g) / nd
        for m in 1..<powerCount {
            gPower[m] = gPower[m - 1] * gOverN / Double(m)
            twoGPower[m] = twoGPower[m - 1] * twoGOverN / Double(m)
            oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * oneMinusTwoGOverN / Double(m)
        }
        var previous = [Double](repeating: 0, count: powerCount)
        var current = [Double](repeating: 0, count: powerCount)
        current[0] = 1
        var previousStart = 0, currentStart = 0
        var exponent = 0
        var (j1, j2) = pomeranzWindow(0, n: n, ll: ll, ceilF: ceilF, roundF: roundF)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&previous, &current)
            swap(&previousStart, &currentStart)
            for idx in current.indices { current[idx] = 0 }
            (j1, j2) = pomeranzWindow(i, n: n, ll: ll, ceilF: ceilF, roundF: roundF)
            let powers = (i == 1 || i == 2 * n + 1) ? gPower : (i % 2 == 1 ? twoGPower : oneMinusTwoGPower)
            let width = j2 - k1 + 1
            guard width > 0 else { continue }
            // current[r] = Σ_a previous[k1 − previousStart + a] · powers[(j1 − k1 + r) − a].
            let base = k1 - previousStart
            let convStart = j1 - k1
            let convLength = j2 - j1 + 1
            var largest = -Double.infinity
            for r in 0..<convLength {
                let s = convStart + r
                var acc = 0.0
                let low = max(0, s - width + 1), high = min(s, width - 1)
                if low <= high {
                    for a in low...high {
                        let idx = base + a
                        if idx >= 0 && idx < powerCount { acc += previous[idx] * powers[s - a] }
                    }
                }
                current[r] = acc
                largest = max(largest, acc)
            }
            if convLength < powerCount { largest = max(largest, 0) }
            if largest > 0 && largest < twoToMinus128 {
                for idx in current.indices { current[idx] *= twoTo128 }
                exponent -= 128
            }
            currentStart = previousStart + j1 - k1
        }
        var answer = current[n - currentStart]
        for m in 1...n {
            if abs(answer) > twoTo128 {
                answer *= twoToMinus128
                exponent += 128
            }
            answer *= Double(m)
        }
        if exponent != 0 { answer = scalbn(answer, exponent) }
        return min(max(answer, 0), 1)
    }

    // MARK: Pelz-Good asymptotic series (Pelz and Good 1976)

    /// P(D_n ≤ x) ≈ K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5 with z = x√n, each term in its theta-function
    /// form for small z. Not clipped (the caller clips).
    static func pelzGoodCDF(_ n: Int, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2
        let sqrt2pi = (2 * Double.pi).squareRoot()
        let z = Double(n).squareRoot() * x
        let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
        let qLog = -pi2 / 8 / z2
        if qLog < -708 { return 0 }
        var q = exp(qLog)
        let k1a = -z2, k1b = pi2 / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * pi2 / 4
        let k2c = pi4 * (1 - 2 * z2) / 16
        let k3d = pi6 * (5 - 30 * z2) / 64
        let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
        let k3b = pi2 * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * z4 * z4
        var terms = (0.0, 0.0, 0.0, 0.0)
        let maxK = Int((16 * z / Double.pi).rounded(.up))
        var k = maxK
        while k >= 1 {
            let m = Double(2 * k - 1)
            let m2 = m * m, m4 = m2 * m2, m6 = m4 * m2
            let qPower = pow(q, Double(8 * k))
            terms.0 = terms.0 * qPower + 1
            terms.1 = terms.1 * qPower + (k1a + k1b * m2)
            terms.2 = terms.2 * qPower + (k2a + k2b * m2 + k2c * m4)
            terms.3 = terms.3 * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6)
            k -= 1
        }
        terms.0 = terms.0 * q * sqrt2pi / z
        terms.1 = terms.1 * q * sqrt2pi / (6 * z4)
        terms.2 = terms.2 * q * sqrt2pi / (72 * z4 * z3)
        terms.3 = terms.3 * q * sqrt2pi / (6480 * z6 * z4)
        q = exp(-pi2 / 2 / z2)
        let sqrt3z = 3.0.squareRoot() * z
        var k2Extra = 0.0, k3Extra = 0.0
        k = maxK
        while k >= 1 {
            let kd = Double(k)
            let k2 = kd * kd
            let qk = pow(q, k2)
            k2Extra += k2 * qk
            let kPi = Double.pi * kd
            k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * qk
            k -= 1
        }
        terms.2 += k2Extra * pi2 * sqrt2pi / (-36 * z3)
        terms.3 += k3Extra * pi2 * sqrt2pi / (216 * z6)
        let nd = Double(n)
        return terms.0 + terms.1 / nd.squareRoot() + terms.2 / nd + terms.3 / pow(nd, 1.5)
    }

    // MARK: Smirnov's one-sided distribution (Birnbaum and Tingey 1951)

    /// P(D_n⁺ > x) = x Σ_{0 ≤ v < n(1−x)} C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v) (scipy.special.smirnov).
    ///
    /// With p_v = x + v/n each term is b(v; n, p_v)/p_v, b the binomial probability, which is evaluated in
    /// Loader's (2000) saddle-point form (Stirling remainders and the deviance bd0) so that every term is
    /// accurate to about 1e-14 relative even when n is large and the terms are spread over all v. n·x is split
    /// exactly into ⌊nx⌋ + α (with an FMA), so n·p_v and n·(1 − p_v) carry no cancellation. The sum stops
    /// once the remaining terms cannot change it.
    static func smirnovSurvival(_ n: Int, _ x: Double) -> Double {
        guard n > 0, x >= 0, x <= 1 else { return .nan }
        if n == 1 { return 1 - x }
        if x == 0 { return 1 }
        if x == 1 { return 0 }
        let nd = Double(n)
        let product = nd * x
        let error = fma(nd, x, -product)  // n·x = product + error exactly
        var floorNX = product.rounded(.down)
        var alpha = (product - floorNX) + error
        if alpha < 0 { floorNX -= 1; alpha += 1 }
        if alpha >= 1 { floorNX += 1; alpha -= 1 }
        let nxFloor = Int(floorNX)
        let nx = floorNX + alpha
        if nxFloor == 0 || (nxFloor == 1 && alpha == 0) {
            // x ≤ 1/n: P(D_n⁺ ≤ x) = x (1 + x)^(n−1).
            return 1 - x * pow(1 + x, nd - 1)
        }
        if -2 * nd * x * x < -708.3964185322641 { return 0 }
        if nxFloor >= n - 1 { return pow(1 - x, nd) }
        if n > 1_000_000 {
            // P ≈ exp(−(6nx + 1)² / (18n)).
            let logP = -pow(6 * nd * x + 1, 2) / 18 / nd
            return logP < -log(2.0) ? exp(logP) : 1 + expm1(logP)
        }
        let termCount = n - nxFloor
        let middle = n / 2
        let logTwoPi = log(2 * Double.pi)
        let stirlingN = stirlingRemainder(n)
        // v = 0: x · (1 − x)^n / x.
        let nq0 = (nd - floorNX) - alpha
        var sum = exp(x < 0.1 ? -deviance(nd, nq0) - nx : nd * log(nq0 / nd))
        for v in 1..<termCount {
            let vd = Double(v)
            let np = (floorNX + vd) + alpha           // n·p_v = n·x + v
            let nq = (nd - floorNX - vd) - alpha      // n·(1 − p_v)
            let logBinomial = stirlingN - stirlingRemainder(v) - stirlingRemainder(n - v)
                - deviance(vd, np) - deviance(nd - vd, nq)
                - 0.5 * (logTwoPi + log(vd) + log1p(-vd / nd))
            let term = exp(logBinomial) * (nx / np)  // x · b(v; n, p_v) / p_v
            sum += term
            if term != 0 {
                if 4 * Double(termCount - v) * term < Double.ulpOfOne * sum && v != termCount - 1 { break }
            } else if v > middle {
                break
            }
        }
        return min(max(sum, 0), 1)
    }

    /// Stirling's remainder log(k!) − log(√(2πk) (k/e)^k) for an integer k ≥ 1 (Loader 2000): exact
    /// through log-gamma up to 15, the asymptotic series above.
    static func stirlingRemainder(_ k: Int) -> Double {
        let kd = Double(k)
        if k <= 15 { return Special.logGamma(kd + 1) - (kd + 0.5) * log(kd) + kd - 0.5 * log(2 * Double.pi) }
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        let kk = kd * kd
        if k > 500 { return (s0 - s1 / kk) / kd }
        if k > 80 { return (s0 - (s1 - s2 / kk) / kk) / kd }
        if k > 35 { return (s0 - (s1 - (s2 - s3 / kk) / kk) / kk) / kd }
        return (s0 - (s1 - (s2 - (s3 - s4 / kk) / kk) / kk) / kk) / kd
    }

    /// The deviance term bd0(x, m) = x log(x/m) + m − x (Loader 2000), by its series in
    /// v = (x − m)/(x + m) when x and m are close, where the direct form cancels.
    static func deviance(_ x: Double, _ m: Double) -> Double {
        if abs(x - m) < 0.1 * (x + m) {
            var v = (x - m) / (x + m)
            var s = (x - m) * v
            if abs(s) < Double.leastNormalMagnitude { return s }
            var ej = 2 * x * v
            v *= v
            for j in 1..<1000 {
                ej *= v
                let next = s + ej / Double(2 * j + 1)
                if next == s { return next }
                s = next
            }
            return s
        }
        return x * log(x / m) + m - x
    }
}
