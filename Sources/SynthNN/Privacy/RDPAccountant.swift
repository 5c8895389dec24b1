import Foundation

/// Rényi-DP accounting of the sampled Gaussian mechanism, as Opacus's `RDPAccountant`
/// (`opacus/accountants/analysis/rdp.py`, itself from TF Privacy).
///
/// - Per step at order `α`, with sampling rate `q` and noise multiplier `σ` (Mironov, Talwar and Zhang
///   2019, §3.3): `RDP(α) = log(A_α) / (α - 1)`, where for integer `α`
///   `A_α = Σ_{i=0..α} C(α, i) q^i (1-q)^(α-i) exp((i² - i) / (2σ²))`, and for fractional `α` a two-sided
///   series with `erfc` terms summed until both terms fall below `e^-30`. Special cases: `q = 0` gives 0,
///   `σ = 0` gives infinity, `q = 1` gives `α / (2σ²)`.
/// - Steps compose additively; a history of `(σ, q, steps)` entries is summed.
/// - Conversion to `(ε, δ)` (Balle et al. 2020, Thm 21, Opacus's `get_privacy_spent`):
///   `ε = min over α of RDP(α) - (log δ + log α) / (α - 1) + log((α - 1) / α)`.
public struct RDPAccountant: Sendable {
    /// Opacus's default orders: `1 + x / 10` for x in 1...99, then 12...63.
    public static let defaultOrders: [Double] = (1...99).map { 1 + Double($0) / 10 } + (12...63).map(Double.init)

    /// One run of identical steps.
    public struct Entry: Sendable, Equatable {
        public let noiseMultiplier: Double
        public let sampleRate: Double
        public var steps: Int
    }

    public private(set) var history: [Entry] = []

    public init() {}

    /// Records one step (merged into the last entry when its settings match, as Opacus does).
    public mutating func step(noiseMultiplier: Double, sampleRate: Double) {
        if let last = history.last, last.noiseMultiplier == noiseMultiplier, last.sampleRate == sampleRate {
            history[history.count - 1].steps += 1
        } else {
            history.append(Entry(noiseMultiplier: noiseMultiplier, sampleRate: sampleRate, steps: 1))
        }
    }

    /// `(ε, best order)` spent so far at `delta`; `(0, 0)` with no history.
    public func privacySpent(delta: Double, orders: [Double] = defaultOrders) -> (epsilon: Double, order: Double) {
        guard !history.isEmpty else { return (0, 0) }
        var total = [Double](repeating: 0, count: orders.count)
        for e in history {
            let r = RDPAccountant.rdp(sampleRate: e.sampleRate, noiseMultiplier: e.noiseMultiplier, steps: e.steps,
                                      orders: orders)
            for i in total.indices { total[i] += r[i] }
        }
        return RDPAccountant.privacySpent(orders: orders, rdp: total, delta: delta)
    }

    /// ε spent so far at `delta`.
    public func epsilon(delta: Double, orders: [Double] = defaultOrders) -> Double {
        privacySpent(delta: delta, orders: orders).epsilon
    }

    // MARK: - Analysis (Opacus's compute_rdp and get_privacy_spent)

    /// The RDP of `steps` compositions of the sampled Gaussian mechanism at each order.
    public static func rdp(sampleRate q: Double, noiseMultiplier sigma: Double, steps: Int,
                           orders: [Double]) -> [Double] {
        orders.map { rdpOneStep(q: q, sigma: sigma, alpha: $0) * Double(steps) }
    }

    /// ε and the order attaining it from RDP values (NaN orders ignored; `(∞, NaN)` if all are NaN).
    public static func privacySpent(orders: [Double], rdp: [Double], delta: Double) -> (epsilon: Double, order: Double) {
        precondition(orders.count == rdp.count, "orders and rdp differ in length")
        var best = (epsilon: Double.nan, order: Double.nan)
        for (a, r) in zip(orders, rdp) {
            let eps = r - (Foundation.log(delta) + Foundation.log(a)) / (a - 1) + Foundation.log((a - 1) / a)
            if eps.isNaN { continue }
            if best.epsilon.isNaN || eps < best.epsilon { best = (eps, a) }
        }
        return best.epsilon.isNaN ? (.infinity, .nan) : best
    }

    static func rdpOneStep(q: Double, sigma: Double, alpha: Double) -> Double {
        if q == 0 { return 0 }
        if sigma == 0 { return .infinity }
        if q == 1 { return alpha / (2 * sigma * sigma) }
        if alpha.isInfinite { return .infinity }
        let logA = alpha.rounded() == alpha ? logAInteger(q: q, sigma: sigma, alpha: Int(alpha))
                                            : logAFractional(q: q, sigma: sigma, alpha: alpha)
        return logA / (alpha - 1)
    }

    /// `log(e^x + e^y)`.
    static func logAdd(_ x: Double, _ y: Double) -> Double {
        let a = Swift.min(x, y), b = Swift.max(x, y)
        if a == -.infinity { return b }
        return Foundation.log1p(Foundation.exp(a - b)) + b
    }

    /// `log(e^x - e^y)` for `x >= y`.
    static func logSub(_ x: Double, _ y: Double) -> Double {
        precondition(x >= y, "log-space subtraction would be negative")
        if y == -.infinity { return x }
        if x == y { return -.infinity }
        let r = Foundation.log(Foundation.expm1(x - y)) + y
        return r.isFinite ? r : x  // Python's expm1 overflow is caught and returns x
    }

    /// The generalised binomial coefficient `C(alpha, i) = Π_{j=1..i} (alpha - j + 1) / j`.
    static func binomial(_ alpha: Double, _ i: Int) -> Double {
        var c = 1.0
        if i == 0 { return 1 }
        for j in 1...i { c *= (alpha - Double(j) + 1) / Double(j) }
        return c
    }

    static func logAInteger(q: Double, sigma: Double, alpha: Int) -> Double {
        var logA = -Double.infinity
        let logQ = Foundation.log(q), log1mQ = Foundation.log(1 - q)
        for i in 0...alpha {
            let logCoef = Foundation.log(binomial(Double(alpha), i)) + Double(i) * logQ + Double(alpha - i) * log1mQ
            let s = logCoef + Double(i * i - i) / (2 * sigma * sigma)
            logA = logAdd(logA, s)
        }
        return logA
    }

    static func logAFractional(q: Double, sigma: Double, alpha: Double) -> Double {
        var logA0 = -Double.infinity, logA1 = -Double.infinity
        var i = 0
        let z0 = sigma * sigma * Foundation.log(1 / q - 1) + 0.5
        let logQ = Foundation.log(q), log1mQ = Foundation.log(1 - q)
        let root2Sigma = 2.0.squareRoot() * sigma
        while true {
            let coef = binomial(alpha, i)
            let logCoef = Foundation.log(Swift.abs(coef))
            let j = alpha - Double(i)
            let logT0 = logCoef + Double(i) * logQ + j * log1mQ
            let logT1 = logCoef + j * logQ + Double(i) * log1mQ
            let logE0 = Foundation.log(0.5) + logErfc((Double(i) - z0) / root2Sigma)
            let logE1 = Foundation.log(0.5) + logErfc((z0 - j) / root2Sigma)
            let logS0 = logT0 + Double(i * i - i) / (2 * sigma * sigma) + logE0
            let logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1
            if coef > 0 {
                logA0 = logAdd(logA0, logS0)
                logA1 = logAdd(logA1, logS1)
            } else {
                logA0 = logSub(logA0, logS0)
                logA1 = logSub(logA1, logS1)
            }
            i += 1
            if Swift.max(logS0, logS1) < -30 { break }
        }
        return logAdd(logA0, logA1)
    }

    /// `log(erfc(x))`, accurate far into the upper tail (scipy's `log(2) + log_ndtr(-x sqrt 2)`).
    static func logErfc(_ x: Double) -> Double {
        if x < 20 { return Foundation.log(Foundation.erfc(x)) }
        // Asymptotic series: erfc(x) = e^{-x²} / (x sqrt(pi)) * (1 - 1/(2x²) + 3/(4x⁴) - 15/(8x⁶) + 105/(16x⁸)).
        let z = 1 / (x * x)
        let series = 1 - z / 2 + 3 * z * z / 4 - 15 * z * z * z / 8 + 105 * z * z * z * z / 16
        return -x * x - Foundation.log(x) - 0.5 * Foundation.log(Double.pi) + Foundation.log(series)
    }

    // MARK: - Noise calibration (Opacus's get_noise_multiplier)

    /// The noise multiplier that keeps `steps` steps at `sampleRate` within `targetEpsilon` at
    /// `targetDelta`: doubles `σ` from 10 until ε fits, then bisects until `target - ε <= tolerance`, and
    /// returns the upper end of the bracket (Opacus's `get_noise_multiplier` with the RDP accountant).
    ///
    /// - Throws: ``PrivacyError/budgetTooLow(targetEpsilon:delta:sampleRate:steps:)`` past `σ = 1e6`, or
    ///   ``PrivacyError/invalidParameter(name:value:requirement:)``.
    public static func noiseMultiplier(targetEpsilon: Double, targetDelta: Double, sampleRate: Double, steps: Int,
                                       epsilonTolerance: Double = 0.01,
                                       orders: [Double] = defaultOrders) throws -> Double {
        guard targetEpsilon > 0, targetEpsilon.isFinite else {
            throw PrivacyError.invalidParameter(name: "targetEpsilon", value: targetEpsilon, requirement: "> 0 and finite")
        }
        guard targetDelta > 0, targetDelta < 1 else {
            throw PrivacyError.invalidParameter(name: "targetDelta", value: targetDelta, requirement: "in (0, 1)")
        }
        guard sampleRate > 0, sampleRate <= 1 else {
            throw PrivacyError.invalidParameter(name: "sampleRate", value: sampleRate, requirement: "in (0, 1]")
        }
        guard steps > 0 else {
            throw PrivacyError.invalidParameter(name: "steps", value: Double(steps), requirement: "> 0")
        }
        func epsilon(_ sigma: Double) -> Double {
            var a = RDPAccountant()
            a.history = [Entry(noiseMultiplier: sigma, sampleRate: sampleRate, steps: steps)]
            return a.epsilon(delta: targetDelta, orders: orders)
        }
        var sigmaLow = 0.0, sigmaHigh = 10.0
        var epsHigh = Double.infinity
        while epsHigh > targetEpsilon {
            sigmaHigh *= 2
            epsHigh = epsilon(sigmaHigh)
            if sigmaHigh > 1e6 {
                throw PrivacyError.budgetTooLow(targetEpsilon: targetEpsilon, delta: targetDelta,
                                                sampleRate: sampleRate, steps: steps)
            }
        }
        while targetEpsilon - epsHigh > epsilonTolerance {
            let sigma = (sigmaLow + sigmaHigh) / 2
            let eps = epsilon(sigma)
            if eps < targetEpsilon {
                sigmaHigh = sigma
                epsHigh = eps
            } else {
                sigmaLow = sigma
            }
        }
        return sigmaHigh
    }

    /// The same search with the step count given as epochs: `steps = Int(epochs / sampleRate)`, as Opacus.
    public static func noiseMultiplier(targetEpsilon: Double, targetDelta: Double, sampleRate: Double, epochs: Int,
                                       epsilonTolerance: Double = 0.01) throws -> Double {
        try noiseMultiplier(targetEpsilon: targetEpsilon, targetDelta: targetDelta, sampleRate: sampleRate,
                            steps: Int(Double(epochs) / sampleRate), epsilonTolerance: epsilonTolerance)
    }
}
