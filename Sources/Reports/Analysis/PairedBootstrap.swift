import Foundation
import SynthMath

/// A seeded, stratified bootstrap of the mean of paired differences (candidate − baseline, turned so that
/// positive means harm), the unit being one (dataset, seed) pair and the stratum its dataset.
///
/// The estimate is the mean over datasets of each dataset's mean difference (every dataset weighs the
/// same). A replicate resamples each dataset's seeds with replacement. Each resampled stratum mean is
/// widened about the stratum's mean by √(n_h/(n_h − 1)), so the replicates' variance is the unbiased
/// sample variance rather than the plug-in one (the percentile bootstrap's known narrowness with few
/// seeds; with two seeds per dataset it would otherwise halve the variance).
package struct PairedBootstrap: Sendable, Equatable {
    /// The estimate: mean over strata of the stratum means.
    package let estimate: Double
    /// The replicates of the estimate, sorted.
    package let replicates: [Double]
    /// Pooled within-stratum sample sd of the unit differences (nil when no stratum has two units).
    package let unitSD: Double?
    /// Number of strata and of units.
    package let strata: Int
    package let units: Int
    /// Units in the smallest stratum.
    package let smallestStratum: Int

    /// Bootstrap of `strata` (each a non-empty list of differences) with `resamples` replicates from `seed`.
    package init(strata: [[Double]], resamples: Int = 4000, seed: UInt64 = 0x5EED) {
        let groups = strata.filter { !$0.isEmpty }
        precondition(!groups.isEmpty, "a bootstrap needs at least one difference")
        let means = groups.map { $0.reduce(0, +) / Double($0.count) }
        estimate = means.reduce(0, +) / Double(means.count)
        self.strata = groups.count
        units = groups.reduce(0) { $0 + $1.count }
        smallestStratum = groups.map(\.count).min()!
        var squares = 0.0, dof = 0
        for (g, m) in zip(groups, means) where g.count > 1 {
            squares += g.reduce(0) { $0 + ($1 - m) * ($1 - m) }
            dof += g.count - 1
        }
        unitSD = dof > 0 ? (squares / Double(dof)).squareRoot() : nil
        var rng = RandomStream(seed: seed)
        var out = [Double](repeating: 0, count: resamples)
        for b in 0..<resamples {
            var total = 0.0
            for (g, m) in zip(groups, means) {
                let n = g.count
                guard n > 1 else { total += m; continue }
                var s = 0.0
                for _ in 0..<n { s += g[rng.nextInt(below: n)] }
                total += m + (Double(n) / Double(n - 1)).squareRoot() * (s / Double(n) - m)
            }
            out[b] = total / Double(groups.count)
        }
        replicates = out.sorted()
    }

    /// The two-sided percentile interval at `level` (e.g. 0.95): the (1 − level)/2 and (1 + level)/2
    /// quantiles of the replicates (linear interpolation, numpy's default).
    package func interval(level: Double = 0.95) -> (lower: Double, upper: Double) {
        (quantile((1 - level) / 2), quantile((1 + level) / 2))
    }

    /// The `p`-quantile of the replicates, numpy's linear rule: position p·(B − 1).
    package func quantile(_ p: Double) -> Double {
        let h = p * Double(replicates.count - 1)
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, replicates.count - 1)
        return replicates[lo] + (h - Double(lo)) * (replicates[hi] - replicates[lo])
    }

    /// One-sided bootstrap p-value of H0: harm ≥ `margin` (small when the replicates lie below the margin):
    /// (1 + #{replicate ≥ margin}) / (B + 1).
    package func pValueBelow(_ margin: Double) -> Double {
        let count = replicates.reduce(0) { $0 + ($1 >= margin ? 1 : 0) }
        return Double(1 + count) / Double(replicates.count + 1)
    }

    /// One-sided bootstrap p-value of H0: harm ≤ `margin`: (1 + #{replicate ≤ margin}) / (B + 1).
    package func pValueAbove(_ margin: Double) -> Double {
        let count = replicates.reduce(0) { $0 + ($1 <= margin ? 1 : 0) }
        return Double(1 + count) / Double(replicates.count + 1)
    }
}
