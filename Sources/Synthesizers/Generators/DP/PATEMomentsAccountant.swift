import Foundation

/// The data-dependent moments accountant of PATE-GAN (Jordon, Yoon, van der Schaar 2019, Algorithm 1;
/// Papernot et al. 2017, Theorems 2-3) for teacher votes aggregated with Laplace noise of scale `1 / λ`.
///
/// Per query with vote counts `n0, n1`: `q = (2 + λ|n0 - n1|) / (4 exp(λ|n0 - n1|))` bounds the chance the
/// noisy answer differs from the plurality. For each moment order `l = 1...L` the privacy-loss moment grows by
///
///     min( log((1 - q) ((1 - q) / (1 - e^{2λ} q))^l + q e^{2λl}),  2λ² l (l + 1) )
///
/// where the data-dependent first term is used only when it is valid (`q < (e^{2λ} - 1) / (e^{4λ} - 1)`,
/// Papernot et al. Thm 3), else the data-independent second. Then `ε = min_l (α(l) + log(1/δ)) / l`.
///
/// Differences from SynthCity 0.2.12 (`plugin_pategan.py`), each a bug fixed here:
/// - #276: SynthCity computes `exp(2λ·lidx + 1)` where the bound needs `exp(2λ(lidx + 1))`, which
///   underestimates the moment;
/// - SynthCity clips the data-dependent term at 0 and uses it even where Theorem 3's condition fails (there
///   `1 - e^{2λ}q` can be negative and the logarithm NaN); here the data-independent bound is used instead;
/// - SynthCity skips accounting for a batch whose noisy labels mark half of it real, although those noisy
///   answers were computed and used; here every query is recorded.
public struct PATEMomentsAccountant: Sendable, Equatable {
    /// The Laplace noise precision `λ` (noise scale `1 / λ`).
    public let lambda: Double
    /// `α(l)` for `l = 1...orders`.
    public private(set) var moments: [Double]
    /// Queries answered so far.
    public private(set) var queries = 0

    public init(lambda: Double, orders: Int = 100) {
        precondition(lambda > 0 && orders > 0, "PATE accountant needs lambda > 0 and at least one order")
        self.lambda = lambda
        moments = [Double](repeating: 0, count: orders)
    }

    /// The bound `q` for one query with `n0` and `n1` votes.
    public static func q(lambda: Double, n0: Int, n1: Int) -> Double {
        let gap = lambda * Double(Swift.abs(n0 - n1))
        return (2 + gap) / (4 * Foundation.exp(gap))
    }

    /// The moment increment of one query at order `l` (1-based).
    public static func momentIncrement(lambda: Double, q: Double, order l: Int) -> Double {
        let lf = Double(l)
        let independent = 2 * lambda * lambda * lf * (lf + 1)
        let e2 = Foundation.exp(2 * lambda)
        let valid = q < (e2 - 1) / (Foundation.exp(4 * lambda) - 1)
        guard valid, q > 0 else { return independent }
        let dependent = Foundation.log((1 - q) * Foundation.pow((1 - q) / (1 - e2 * q), lf) + q * Foundation.exp(2 * lambda * lf))
        return Swift.min(dependent, independent)
    }

    /// Records `times` aggregated queries with the same vote counts.
    public mutating func record(n0: Int, n1: Int, times: Int = 1) {
        let q = Self.q(lambda: lambda, n0: n0, n1: n1)
        for i in moments.indices {
            moments[i] += Double(times) * Self.momentIncrement(lambda: lambda, q: q, order: i + 1)
        }
        queries += times
    }

    /// `(ε, order)` at `delta`: `min_l (α(l) + log(1/δ)) / l`.
    public func privacySpent(delta: Double) -> (epsilon: Double, order: Int) {
        var best = (epsilon: Double.infinity, order: 0)
        for (i, a) in moments.enumerated() {
            let e = (a - Foundation.log(delta)) / Double(i + 1)
            if e < best.epsilon { best = (e, i + 1) }
        }
        return best
    }
}
