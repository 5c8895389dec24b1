import Foundation

/// Special functions with double-precision accuracy (about 1e-14 relative or better over the ranges the
/// distributions use; checked against scipy in `SpecialFunctionsTests`).
public enum Special {
    /// Standard normal CDF, Φ(x) = erfc(-x/√2)/2 (accurate in both tails because erfc is).
    @inlinable
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x * 0.7071067811865475244) }

    /// Standard normal density.
    @inlinable
    public static func normalPDF(_ x: Double) -> Double { 0.3989422804014326779 * exp(-0.5 * x * x) }

    /// log Φ(x), accurate far into the lower tail: log of `normalCDF` while erfc is representable
    /// (x > −37), below that the asymptotic series Φ(x) = φ(x)/|x| · Σₖ (−1)ᵏ (2k − 1)!!/x²ᵏ, whose ten terms
    /// leave a relative error below 1e-20 at x ≤ −37.
    public static func logNormalCDF(_ x: Double) -> Double {
        if x > -37 { return log(normalCDF(x)) }
        let inverseSquare = 1 / (x * x)
        var term = 1.0, sum = 1.0
        for k in 1...10 {
            term *= -Double(2 * k - 1) * inverseSquare
            sum += term
        }
        return -0.5 * x * x - log(-x) - 0.9189385332046727418 + log(sum)
    }

    /// Standard normal quantile Φ⁻¹(p): Acklam's rational approximation (relative error 1.15e-9) refined by
    /// one Halley step against `erfc`, which brings it to full double precision. Returns ∓∞ at 0 and 1 and
    /// NaN outside [0, 1].
    public static func normalQuantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let pLow = 0.02425
        var x: Double
        if p < pLow {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - pLow {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
                (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        // Halley refinement. Work with the smaller tail probability so the residual keeps its precision.
        if p < 0.5 {
            let e = normalCDF(x) - p
            let u = e * 2.5066282746310002 * exp(0.5 * x * x)
            x -= u / (1 + 0.5 * x * u)
        } else {
            let e = normalCDF(-x) - (1 - p)
            let u = -e * 2.5066282746310002 * exp(0.5 * x * x)
            x -= u / (1 + 0.5 * x * u)
        }
        return x
    }

    /// log Γ(x) for x > 0 (thread-safe `lgamma_r`).
    @inlinable
    public static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// log B(a, b) for a, b > 0, organised like scipy's `betaln` (cephes `lbeta`) so that the large-argument
    /// cases keep their precision: with y the larger argument and x the smaller,
    /// - y > 10⁶ and y > 10⁶·x: the asymptotic log Γ(x) − x log y + x(1 − x)/(2y) + x(1 − x)(1 − 2x)/(12y²)
    ///   − x²(1 − x)²/(12y³) (no cancellation between log Γ(y) and log Γ(x + y));
    /// - x + y above 171.6 (where Γ overflows): log Γ(y) + (log Γ(x) − log Γ(x + y));
    /// - otherwise log |Γ(x)/Γ(x + y) · Γ(y)| from the gamma function itself.
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        let y = max(a, b), x = min(a, b)
        if y > 1e6 * x && y > 1e6 {
            var r = logGamma(x)
            r -= x * log(y)
            r += x * (1 - x) / (2 * y)
            r += x * (1 - x) * (1 - 2 * x) / (12 * y * y)
            r += -x * x * (1 - x) * (1 - x) / (12 * y * y * y)
            return r
        }
        let sum = x + y
        if sum > 171.6243769563027 {
            return logGamma(y) + (logGamma(x) - logGamma(sum))
        }
        let ratio = tgamma(x) / tgamma(sum) * tgamma(y)
        return log(abs(ratio))
    }

    /// The digamma function ψ(x) (recurrence to x ≥ 10, then the asymptotic series).
    public static func digamma(_ x0: Double) -> Double {
        var x = x0, result = 0.0
        if x <= 0, x == x.rounded() { return .nan }
        if x < 0 { return digamma(1 - x) - Double.pi / tan(Double.pi * x) }
        while x < 10 { result -= 1 / x; x += 1 }
        let f = 1 / (x * x)
        result += log(x) - 0.5 / x
            - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132 - f * (691.0 / 32760))))))
        return result
    }

    /// Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), for a > 0, x ≥ 0.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        if x.isNaN || a.isNaN || a <= 0 || x < 0 { return .nan }
        if x == 0 { return 0 }
        if x.isInfinite { return 1 }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x)
    }

    /// Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate when Q is small.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        if x.isNaN || a.isNaN || a <= 0 || x < 0 { return .nan }
        if x == 0 { return 1 }
        if x.isInfinite { return 0 }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x)
    }

    /// Series for P(a, x), converging for x < a + 1.
    static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var ap = a, del = 1 / a, sum = del
        for _ in 0..<10_000 {
            ap += 1
            del *= x / ap
            sum += del
            if abs(del) < abs(sum) * 1e-17 { break }
        }
        return sum * exp(-x + a * log(x) - logGamma(a))
    }

    /// Lentz's continued fraction for Q(a, x), converging for x ≥ a + 1.
    static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < tiny { d = tiny }
            c = b + an / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
        }
        return exp(-x + a * log(x) - logGamma(a)) * h
    }

    /// Regularised incomplete beta I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1 (continued fraction, using the
    /// symmetry I_x(a, b) = 1 − I_{1−x}(b, a) on the side where it converges fast).
    public static func regularizedBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
        if x.isNaN || a.isNaN || b.isNaN || a <= 0 || b <= 0 || x < 0 || x > 1 { return .nan }
        return regularizedBeta(a, b, x, logBetaAB: logBeta(a, b))
    }

    /// ``regularizedBeta(_:_:_:)`` with log B(a, b) supplied (valid a, b > 0), for many x with one (a, b).
    static func regularizedBeta(_ a: Double, _ b: Double, _ x: Double, logBetaAB: Double) -> Double {
        if x.isNaN || x < 0 || x > 1 { return .nan }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        return regularizedBeta(a, b, x, logX: log(x), log1mX: log1p(-x), logBetaAB: logBetaAB)
    }

    /// ``regularizedBeta(_:_:_:logBetaAB:)`` with log x and log1p(−x) supplied as well (the inverse's Halley
    /// step has them already).
    @inline(__always)
    static func regularizedBeta(_ a: Double, _ b: Double, _ x: Double, logX: Double, log1mX: Double,
                                logBetaAB: Double) -> Double {
        let term = IncompleteBetaTerm(a, b, x, logX: logX, log1mX: log1mX, logBetaAB: logBetaAB)
        if let value = term.immediate { return value }
        return term.value(continuedFraction: betaContinuedFraction(term.a, term.b, term.x))
    }

    /// ``regularizedBeta(_:_:_:logBetaAB:)`` of many x with one (a, b), their continued fractions four at a
    /// time (``betaContinuedFractions(_:_:_:)``), bit for bit the one-at-a-time values.
    static func regularizedBeta(_ a: Double, _ b: Double, _ xs: UnsafeBufferPointer<Double>, logBetaAB: Double,
                                into out: UnsafeMutableBufferPointer<Double>) {
        precondition(out.count >= xs.count, "output has \(out.count) slots for \(xs.count) values")
        var pending = [IncompleteBetaTerm](), rows = [Int]()
        pending.reserveCapacity(4); rows.reserveCapacity(4)
        func flush() {
            var fa = SIMD4(repeating: pending[0].a), fb = SIMD4(repeating: pending[0].b)
            var fx = SIMD4(repeating: pending[0].x)
            for (lane, term) in pending.enumerated() { fa[lane] = term.a; fb[lane] = term.b; fx[lane] = term.x }
            let fractions = betaContinuedFractions(fa, fb, fx)
            for (lane, term) in pending.enumerated() { out[rows[lane]] = term.value(continuedFraction: fractions[lane]) }
            pending.removeAll(keepingCapacity: true); rows.removeAll(keepingCapacity: true)
        }
        for i in xs.indices {
            let x = xs[i]
            if x.isNaN || x < 0 || x > 1 { out[i] = .nan; continue }
            if x == 0 { out[i] = 0; continue }
            if x == 1 { out[i] = 1; continue }
            pending.append(IncompleteBetaTerm(a, b, x, logX: log(x), log1mX: log1p(-x), logBetaAB: logBetaAB))
            rows.append(i)
            if pending.count == 4 { flush() }
        }
        if !pending.isEmpty { flush() }
    }

    /// I_x(a, b) split around its continued fraction, so that several can share one lane-parallel evaluation
    /// (``betaContinuedFractions(_:_:_:)``): the value is exp(logFront)·CF(a', b', x')/a', or one minus that
    /// on the side of the symmetry I_x(a, b) = 1 − I_{1−x}(b, a), or `immediate` at the ends and for NaN.
    struct IncompleteBetaTerm {
        /// The value without a continued fraction (x NaN, outside [0, 1], 0 or 1).
        var immediate: Double?
        /// The continued fraction's arguments.
        var a = 0.0, b = 0.0, x = 0.0
        var logFront = 0.0
        var complement = false

        @inline(__always)
        init(_ a: Double, _ b: Double, _ x: Double, logX: Double, log1mX: Double, logBetaAB: Double) {
            if x.isNaN || x < 0 || x > 1 { immediate = .nan; return }
            if x == 0 { immediate = 0; return }
            if x == 1 { immediate = 1; return }
            logFront = a * logX + b * log1mX - logBetaAB
            if x < (a + 1) / (a + b + 2) {
                self.a = a; self.b = b; self.x = x
            } else {
                self.a = b; self.b = a; self.x = 1 - x; complement = true
            }
        }

        @inline(__always)
        func value(continuedFraction: Double) -> Double {
            let t = exp(logFront) * continuedFraction / a
            return complement ? 1 - t : t
        }
    }

    /// The continued fraction of the incomplete beta function (modified Lentz).
    static func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
        betaContinuedFractions(SIMD4(repeating: a), SIMD4(repeating: b), SIMD4(repeating: x))[0]
    }

    /// ``betaContinuedFraction(_:_:_:)`` of four (a, b, x) at once. Each lane performs exactly the one-lane
    /// operations (IEEE division, products and sums are the same in a vector) and keeps its value from the
    /// step where it converges, so every lane is bit for bit the one-lane fraction; the four chains of
    /// divisions overlap, which is where a single fraction waits.
    static func betaContinuedFractions(_ a: SIMD4<Double>, _ b: SIMD4<Double>, _ x: SIMD4<Double>) -> SIMD4<Double> {
        let tiny = SIMD4<Double>(repeating: 1e-300)
        // |v| < tiny, as comparisons (false for NaN, as abs(NaN) < tiny is).
        @inline(__always) func small(_ v: SIMD4<Double>) -> SIMDMask<SIMD4<Int64>> { (v .> -tiny) .& (v .< tiny) }
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = SIMD4<Double>(repeating: 1), d = 1 - qab * x / qap
        d.replace(with: tiny, where: small(d))
        d = 1 / d
        var h = d
        var running = SIMDMask<SIMD4<Int64>>(repeating: true)
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; d.replace(with: tiny, where: small(d))
            c = 1 + aa / c; c.replace(with: tiny, where: small(c))
            d = 1 / d
            h.replace(with: h * (d * c), where: running)
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; d.replace(with: tiny, where: small(d))
            c = 1 + aa / c; c.replace(with: tiny, where: small(c))
            d = 1 / d
            let del = d * c
            h.replace(with: h * del, where: running)
            let change = del - 1
            running = running .& .!((change .> -1e-16) .& (change .< 1e-16))
            if !any(running) { break }
        }
        return h
    }
}
