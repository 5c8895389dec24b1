import Foundation
import SynthMath

/// The true distributions behind a table from ``SyntheticTableGenerator``: what a property test compares the
/// empirical (or a synthesizer's) distributions against.
public struct SyntheticTableTruth: Sendable, Equatable {
    /// A column's marginal distribution.
    public enum Distribution: Sendable, Equatable {
        case gaussian(mean: Double, standardDeviation: Double)
        /// Weights sum to 1.
        case mixture([SyntheticTableSpec.MixtureComponent])
        case uniformInteger(ClosedRange<Int>)
        case poisson(mean: Double)
        /// Levels in rank order with their probabilities (sum 1).
        case categorical(levels: [String], probabilities: [Double])
        case boolean(probabilityTrue: Double)
        /// `days` consecutive days from `firstDay` (seconds since 1970-01-01) equally likely, in seconds.
        case uniformDays(firstDay: Double, days: Int)

        /// E[X] (booleans as 0/1); nil for categoricals.
        public var mean: Double? {
            switch self {
            case .gaussian(let m, _): m
            case .mixture(let cs): cs.reduce(0) { $0 + $1.weight * $1.mean }
            case .uniformInteger(let r): Double(r.lowerBound + r.upperBound) / 2
            case .poisson(let m): m
            case .categorical: nil
            case .boolean(let p): p
            case .uniformDays(let first, let days): first + SyntheticTableTruth.secondsPerDay * Double(days - 1) / 2
            }
        }

        /// Var[X]; for a mixture, `Σ w (σ² + μ²) - (Σ w μ)²`; for a uniform integer range of n values,
        /// `(n² - 1) / 12`.
        public var variance: Double? {
            switch self {
            case .gaussian(_, let s): return s * s
            case .mixture(let cs):
                let m = cs.reduce(0) { $0 + $1.weight * $1.mean }
                return cs.reduce(0) { $0 + $1.weight * ($1.standardDeviation * $1.standardDeviation + $1.mean * $1.mean) } - m * m
            case .uniformInteger(let r):
                let n = Double(r.upperBound - r.lowerBound + 1)
                return (n * n - 1) / 12
            case .poisson(let m): return m
            case .categorical: return nil
            case .boolean(let p): return p * (1 - p)
            case .uniformDays(_, let days):
                let n = Double(days), day = SyntheticTableTruth.secondsPerDay
                return day * day * (n * n - 1) / 12
            }
        }

        /// P(X <= x) for the continuous and integer distributions; nil for categoricals and booleans.
        public func cdf(_ x: Double) -> Double? {
            switch self {
            case .gaussian(let m, let s): return normalCDF((x - m) / s)
            case .mixture(let cs): return cs.reduce(0) { $0 + $1.weight * normalCDF((x - $1.mean) / $1.standardDeviation) }
            case .uniformDays(let first, let days):
                return Distribution.uniformInteger(0...(days - 1)).cdf((x - first) / SyntheticTableTruth.secondsPerDay)
            case .uniformInteger(let r):
                let k = (x.rounded(.down))
                if k < Double(r.lowerBound) { return 0 }
                if k >= Double(r.upperBound) { return 1 }
                return (k - Double(r.lowerBound) + 1) / Double(r.upperBound - r.lowerBound + 1)
            case .poisson(let m):
                let k = Int(x.rounded(.down))
                if k < 0 { return 0 }
                var p = exp(-m), total = p
                if k > 0 { for j in 1...k { p *= m / Double(j); total += p } }
                return min(total, 1)
            case .categorical, .boolean: return nil
            }
        }
    }

    public struct ColumnTruth: Sendable, Equatable {
        public var name: String
        public var distribution: Distribution
        public var missingRate: Double
    }

    /// Columns that were drawn jointly, with their true correlation matrix.
    public struct CorrelatedBlock: Sendable, Equatable {
        public var names: [String]
        public var correlation: Matrix
    }

    /// In table order.
    public var columns: [ColumnTruth]
    public var correlatedBlocks: [CorrelatedBlock]

    static let secondsPerDay = 86_400.0

    public func column(_ name: String) -> ColumnTruth? { columns.first { $0.name == name } }

    /// The true correlation of two columns: from their block, 0 for columns drawn independently.
    public func correlation(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        for block in correlatedBlocks {
            if let i = block.names.firstIndex(of: a), let j = block.names.firstIndex(of: b) { return block.correlation[i, j] }
        }
        return 0
    }
}

/// Standard normal CDF via erfc (accurate in both tails).
func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.squareRoot()) }
