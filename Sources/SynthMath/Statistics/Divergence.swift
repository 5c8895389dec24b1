import Foundation

/// Distances and divergences between two discrete distributions given as non-negative weight vectors over
/// the same bins or categories (counts or probabilities; each is normalised by its own sum first, as scipy
/// does).
///
/// Input policy: both vectors must have the same length, entries must be finite and ≥ 0 (NaN throws), and
/// each must have a positive sum (else ``StatisticsError/emptySample(_:)``).
public enum Divergence {
    /// Jensen-Shannon distance √(JS(p, q)) with JS = ½ KL(p‖m) + ½ KL(q‖m), m = (p + q)/2, logarithms in
    /// `base` (nil = e) — scipy.spatial.distance.jensenshannon(p, q, base). Symmetric, in [0, √(ln 2)] for
    /// base e and [0, 1] for base 2. A rounding-negative JS is clamped to 0 before the square root.
    public static func jensenShannonDistance(_ p: UnsafeBufferPointer<Double>, _ q: UnsafeBufferPointer<Double>,
                                             base: Double? = nil) throws -> Double {
        let logBase = try logarithmOfBase(base)
        let (ps, qs) = try sums(p, q)
        var left = 0.0, right = 0.0
        for i in p.indices {
            let pi = p[i] / ps, qi = q[i] / qs
            let mi = (pi + qi) / 2
            left += relativeEntropyTerm(pi, mi)
            right += relativeEntropyTerm(qi, mi)
        }
        var js = left + right
        if let logBase { js /= logBase }
        return max(js / 2, 0).squareRoot()
    }

    public static func jensenShannonDistance(_ p: [Double], _ q: [Double], base: Double? = nil) throws -> Double {
        try p.withUnsafeBufferPointer { a in try q.withUnsafeBufferPointer { b in try jensenShannonDistance(a, b, base: base) } }
    }

    /// Kullback-Leibler divergence KL(p‖q) = Σ p_i log(p_i/q_i) on the normalised vectors, in `base`
    /// (nil = e) — scipy.stats.entropy(p, q, base). +∞ when some q_i = 0 < p_i.
    public static func kullbackLeibler(_ p: UnsafeBufferPointer<Double>, _ q: UnsafeBufferPointer<Double>,
                                       base: Double? = nil) throws -> Double {
        let logBase = try logarithmOfBase(base)
        let (ps, qs) = try sums(p, q)
        var s = 0.0
        for i in p.indices { s += relativeEntropyTerm(p[i] / ps, q[i] / qs) }
        if let logBase { s /= logBase }
        return s
    }

    public static func kullbackLeibler(_ p: [Double], _ q: [Double], base: Double? = nil) throws -> Double {
        try p.withUnsafeBufferPointer { a in try q.withUnsafeBufferPointer { b in try kullbackLeibler(a, b, base: base) } }
    }

    /// Σ_i kl_div(p_i, q_i) with kl_div(x, y) = x log(x/y) − x + y (scipy.special.kl_div), on the vectors
    /// as given — not normalised. SynthCity's inv_kl_divergence is 1/(1 + this) on its frequency lists.
    /// +∞ when some q_i = 0 < p_i. Validated like the others, except that a zero sum is allowed.
    public static func klDivSum(_ p: UnsafeBufferPointer<Double>, _ q: UnsafeBufferPointer<Double>) throws -> Double {
        try validate(p, q)
        var s = 0.0
        for i in p.indices {
            let x = p[i], y = q[i]
            if x > 0 && y > 0 { s += x * log(x / y) - x + y } else if x == 0 { s += y } else { return .infinity }
        }
        return s
    }

    public static func klDivSum(_ p: [Double], _ q: [Double]) throws -> Double {
        try p.withUnsafeBufferPointer { a in try q.withUnsafeBufferPointer { b in try klDivSum(a, b) } }
    }

    /// Total variation distance ½ Σ |p_i/Σp − q_i/Σq|, in [0, 1].
    public static func totalVariation(_ p: UnsafeBufferPointer<Double>, _ q: UnsafeBufferPointer<Double>) throws -> Double {
        let (ps, qs) = try sums(p, q)
        var s = 0.0
        for i in p.indices { s += abs(p[i] / ps - q[i] / qs) }
        return s / 2
    }

    public static func totalVariation(_ p: [Double], _ q: [Double]) throws -> Double {
        try p.withUnsafeBufferPointer { a in try q.withUnsafeBufferPointer { b in try totalVariation(a, b) } }
    }

    /// Total variation between category counts as SDMetrics' TVComplement computes it: a category seen only
    /// in the synthetic data gets `syntheticOnlyPseudoCount` (SDMetrics: 1e-6) added to its real count
    /// before the real frequencies are formed; then ½ Σ |f_syn − f_real|.
    public static func totalVariation(realCounts: [Double], syntheticCounts: [Double],
                                      syntheticOnlyPseudoCount: Double = 0) throws -> Double {
        guard syntheticOnlyPseudoCount >= 0 && syntheticOnlyPseudoCount.isFinite else {
            throw StatisticsError.invalidParameter("syntheticOnlyPseudoCount", "\(syntheticOnlyPseudoCount) must be finite and ≥ 0")
        }
        try realCounts.withUnsafeBufferPointer { r in try syntheticCounts.withUnsafeBufferPointer { s in try validate(r, s) } }
        var real = realCounts
        for i in real.indices where real[i] == 0 && syntheticCounts[i] > 0 { real[i] += syntheticOnlyPseudoCount }
        return try totalVariation(real, syntheticCounts)
    }

    // MARK: Helpers

    /// scipy.special.rel_entr: x log(x/y) for x, y > 0; 0 for x = 0 ≤ y; +∞ otherwise.
    @inline(__always)
    static func relativeEntropyTerm(_ x: Double, _ y: Double) -> Double {
        if x > 0 && y > 0 { return x * log(x / y) }
        if x == 0 && y >= 0 { return 0 }
        return .infinity
    }

    static func logarithmOfBase(_ base: Double?) throws -> Double? {
        guard let base else { return nil }
        guard base > 0, base != 1, base.isFinite else {
            throw StatisticsError.invalidParameter("base", "\(base) must be positive, finite and not 1")
        }
        return log(base)
    }

    static func validate(_ p: UnsafeBufferPointer<Double>, _ q: UnsafeBufferPointer<Double>) throws {
        guard p.count == q.count else { throw StatisticsError.lengthMismatch("p", p.count, "q", q.count) }
        for i in p.indices {
            guard p[i] >= 0 else { throw StatisticsError.negativeValue("p", index: i) }
            guard p[i].isFinite else { throw StatisticsError.nonFiniteValue("p", index: i) }
            guard q[i] >= 0 else { throw StatisticsError.negativeValue("q", index: i) }
            guard q[i].isFinite else { throw StatisticsError.nonFiniteValue("q", index: i) }
        }
    }

    static func sums(_ p: UnsafeBufferPointer<Double>, _ q: UnsafeBufferPointer<Double>) throws -> (Double, Double) {
        try validate(p, q)
        let ps = p.reduce(0, +), qs = q.reduce(0, +)
        guard ps > 0 else { throw StatisticsError.emptySample("p") }
        guard qs > 0 else { throw StatisticsError.emptySample("q") }
        return (ps, qs)
    }
}
