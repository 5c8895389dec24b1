import Foundation

/// DP-SGD on a GAN critic (dpgan, dp-ctgan): how its noise is chosen, at which delta, with which clipping
/// bound. Only the critic's real-data term goes through DP-SGD; the generator never reads a real row, so
/// it is post-processing of the private critic (see docs/privacy.md).
public struct DiscriminatorPrivacy: Sendable, Equatable {
    /// How the noise multiplier is set.
    public enum Noise: Sendable, Equatable {
        /// The smallest multiplier whose RDP epsilon after the planned steps stays within the target
        /// (Opacus `make_private_with_epsilon`, which SynthCity's dpgan calls).
        case calibrated(targetEpsilon: Double)
        /// A fixed multiplier; training stops before the epoch that would take the spent epsilon past the
        /// budget (SmartNoise DPCTGAN's `sigma` and `epsilon`; SmartNoise checks after the fact, so its last
        /// epoch can overshoot the budget: this port stops one epoch earlier instead).
        case fixed(noiseMultiplier: Double, epsilonBudget: Double)

        /// The epsilon the user asked for.
        public var targetEpsilon: Double {
            switch self {
            case .calibrated(let e): e
            case .fixed(_, let e): e
            }
        }
    }

    /// The delta of the (epsilon, delta) guarantee.
    public enum Delta: Sendable, Equatable {
        case value(Double)
        /// `1 / n` over the training rows (SynthCity dpgan's default).
        case inverseRows
        /// `1 / (n sqrt n)` (SmartNoise DPCTGAN's and SynthCity pategan's default).
        case inverseRowsToThreeHalves

        public func resolve(rows: Int) -> Double {
            let n = Double(Swift.max(rows, 1))
            switch self {
            case .value(let d): return d
            case .inverseRows: return 1 / n
            case .inverseRowsToThreeHalves: return 1 / (n * n.squareRoot())
            }
        }
    }

    public var noise: Noise
    public var delta: Delta
    /// The per-sample clipping bound `C` (SynthCity `dp_max_grad_norm` 2, SmartNoise
    /// `max_per_sample_grad_norm` 1).
    public var maxGradientNorm: Float

    public init(noise: Noise, delta: Delta, maxGradientNorm: Float) {
        self.noise = noise; self.delta = delta; self.maxGradientNorm = maxGradientNorm
    }
}
