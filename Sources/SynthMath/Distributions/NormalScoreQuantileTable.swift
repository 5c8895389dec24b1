import Foundation

/// The map z ↦ F⁻¹(Φ(z)) of a fitted distribution, tabulated so that a Gaussian copula can turn millions of
/// normal draws into values at a few nanoseconds each instead of one inverse incomplete beta or gamma
/// function (about 2 µs) per draw.
///
/// Nodes z_k = −4.5 + k·h (h = 9/K) carry x_k = F⁻¹(Φ(z_k)) and the exact slope dx/dz = φ(z_k)/f(x_k), and a
/// value between nodes is the cubic Hermite interpolant, whose error is O(h⁴). The table checks itself when
/// it is built: every interval's midpoint is compared with the exact F⁻¹(Φ(z)), and K doubles (the
/// midpoints become nodes) until the largest error is at most `relativeTolerance` times the tabulated range
/// of x plus a few ulps, from K = 1024 up to 8192 intervals. Where the finest grid still fails in some
/// intervals (next to an end where the density is singular, a beta with a or b below 1 fitted to a
/// million rows), the longest run of intervals that pass is tabulated, if it covers a quarter of the grid;
/// a distribution that fails otherwise, and any z outside the tabulated range (|z| > 4.5, probability
/// 7·10⁻⁶ per draw, where F⁻¹ is infinite, as Copulas' KDE is beyond float32 ε, or beyond the verified
/// run), is evaluated exactly as `ppf(Φ(z))`.
///
/// The finite nodes beyond a verified run are kept as ``CoarseStretch``es, each with a bound on how far its
/// interpolant may lie from the exact values. They serve only a caller that needs a value up to its own
/// rounding (`values(_:stride:count:into:settles:)`): a value v whose whole interval v ± bound comes back as
/// the same output is as good as the exact one there, the others stay exact. fnlwgt's beta fitted to a million
/// rows verifies only up to z = 0.638 (above it the exact inversion's own rounding moves its values by up to
/// 5e-9 of themselves), yet the table settles the rounded integers of about 98 % of the draws above it.
public struct NormalScoreQuantileTable: Sendable {
    /// The distribution the table inverts.
    public let distribution: any UnivariateDistribution
    /// The tabulated z range [zLow, zHigh]; outside it (and for NaN) values are exact.
    public let zLow: Double
    public let zHigh: Double
    /// Intervals of the accepted table (0 when the table is not used).
    public let intervals: Int
    /// The largest midpoint difference from the exact `ppf(Φ(z))` measured for the accepted table.
    public let maximumError: Double
    /// The error bound the table had to meet (plus, per midpoint, the rounding noise of the exact value).
    public let tolerance: Double

    @usableFromInline let step: Double
    @usableFromInline let inverseStep: Double
    /// x_k at the nodes.
    @usableFromInline let values: [Double]
    /// h·dx/dz at the nodes (the Hermite tangents on the unit interval).
    @usableFromInline let tangents: [Double]
    /// The unverified finite stretches below and above the verified run (empty when the whole run verified).
    public let coarseStretches: [CoarseStretch]

    /// Nodes beyond the verified run, on the same grid, whose interpolant is within `bound` of the exact
    /// F⁻¹(Φ(z)): eight times the largest midpoint difference measured on the stretch, and never less than
    /// eight times the verified tolerance. The cubic's own error peaks at the midpoint, and a step in the exact
    /// values inside an interval (where an inversion changes method) shows there at half its size or more, so
    /// the factor leaves room for the exact values' rounding noise between midpoints. (On fnlwgt's beta the
    /// largest difference at 10,000,000 random z was 1.7 times the largest midpoint difference, 0.21 of the
    /// bound, in the interval where the exact inversion's continued fraction changes sides:
    /// `scripts/bench/coarse_stretch_margin.sh`.)
    public struct CoarseStretch: Sendable {
        public let zLow: Double
        public let zHigh: Double
        public let bound: Double
        let inverseStep: Double
        let values: [Double]
        let tangents: [Double]

        /// The interpolant at z in [zLow, zHigh].
        func value(_ z: Double) -> Double {
            values.withUnsafeBufferPointer { v in
                tangents.withUnsafeBufferPointer { m in
                    NormalScoreQuantileTable.interpolate(z, from: zLow, inverseStep: inverseStep, v, m)
                }
            }
        }
    }

    /// How many times the largest measured midpoint difference a coarse stretch's bound is.
    public static let coarseSafetyFactor = 8.0

    /// Whether values inside the range come from the table (false: every value is exact).
    public var isTabulated: Bool { intervals > 0 }

    /// The full z range of the grid before non-finite ends are cut off.
    public static let gridBound = 4.5

    /// Builds and verifies the table (see the type's documentation).
    public init(_ distribution: any UnivariateDistribution, relativeTolerance: Double = 1e-10,
                initialIntervals: Int = 1024, maximumIntervals: Int = 8192) {
        precondition(initialIntervals >= 2 && maximumIntervals >= initialIntervals, "invalid interval counts")
        self.distribution = distribution
        let bound = Self.gridBound
        var k = initialIntervals
        var zs = (0...k).map { -bound + 2 * bound * Double($0) / Double(k) }
        var xs = distribution.ppf(zs.map { Special.normalCDF($0) })
        var accepted: (lo: Int, hi: Int, error: Double, tolerance: Double, values: [Double], tangents: [Double])? = nil
        var coarse: [CoarseStretch] = []
        var lastError = Double.infinity, lastTolerance = 0.0
        while true {
            // The longest run of finite nodes: the table covers it, the rest is exact.
            var bestLo = 0, bestHi = -1, runStart = 0
            for i in 0...k {
                if !xs[i].isFinite { runStart = i + 1; continue }
                if i - runStart > bestHi - bestLo { bestLo = runStart; bestHi = i }
            }
            let h = 2 * bound / Double(k)
            let mids = bestHi > bestLo ? (bestLo..<bestHi).map { zs[$0] + h / 2 } : []
            let exactMids = mids.isEmpty ? [] : distribution.ppf(mids.map { Special.normalCDF($0) })
            // No finite stretch worth tabulating: every value is exact.
            if bestHi - bestLo < 2 { break }
            do {
                let tangents = xs[bestLo] == xs[bestHi]
                    ? [Double](repeating: 0, count: bestHi - bestLo + 1)
                    : Self.tangents(distribution, zs, xs, h, bestLo, bestHi)
                var range = 0.0, largest = 0.0
                for i in bestLo...bestHi { largest = max(largest, abs(xs[i])) }
                range = xs[bestHi] - xs[bestLo]
                let tol = relativeTolerance * range + 4 * largest.ulp
                var worst = 0.0, pass = true
                var passing = [Bool](repeating: true, count: bestHi - bestLo)
                for (j, i) in (bestLo..<bestHi).enumerated() {
                    let e = exactMids[j]
                    let m0 = tangents[i - bestLo], m1 = tangents[i - bestLo + 1]
                    let v = Self.hermite(xs[i], xs[i + 1], m0, m1, 0.5)
                    let err = e.isFinite ? abs(v - e) : .infinity
                    if !(err <= worst) { worst = err }
                    // The reference F⁻¹(Φ(z)) itself carries Φ's rounding, |dx/du|·ulp(Φ(z)) (large in the
                    // upper tail, where Φ(z) is close to 1), and F⁻¹'s own (about 1e-13 relative).
                    let u = Special.normalCDF(mids[j])
                    let noise = 4 * (0.5 * abs(m0 + m1) / h) / Special.normalPDF(mids[j]) * u.ulp + 1e-12 * abs(e)
                    if !(err <= tol + noise) { pass = false; passing[j] = false }
                }
                lastError = worst; lastTolerance = tol
                if pass {
                    accepted = (bestLo, bestHi, worst, tol, Array(xs[bestLo...bestHi]), tangents)
                    break
                }
                // The finest grid still fails somewhere (near a singular end of the density, typically):
                // the longest run of verified intervals is tabulated, the z outside it are exact.
                if k * 2 > maximumIntervals, let run = Self.longestRun(passing), run.count * 4 >= passing.count {
                    var runError = 0.0
                    for j in run {
                        let i = bestLo + j
                        let v = Self.hermite(xs[i], xs[i + 1], tangents[j], tangents[j + 1], 0.5)
                        runError = max(runError, abs(v - exactMids[j]))
                    }
                    accepted = (bestLo + run.lowerBound, bestLo + run.upperBound, runError, tol,
                                Array(xs[(bestLo + run.lowerBound)...(bestLo + run.upperBound)]),
                                Array(tangents[run.lowerBound...run.upperBound]))
                    // The unverified intervals on either side, with the largest midpoint difference as their
                    // measure (a non-finite one leaves that side exact).
                    for side in [0..<run.lowerBound, run.upperBound..<passing.count] where !side.isEmpty {
                        var sideError = 0.0
                        for j in side {
                            let v = Self.hermite(xs[bestLo + j], xs[bestLo + j + 1], tangents[j], tangents[j + 1], 0.5)
                            let err = abs(v - exactMids[j])
                            if !(err <= sideError) { sideError = err }
                        }
                        guard sideError.isFinite else { continue }
                        coarse.append(CoarseStretch(
                            zLow: zs[bestLo + side.lowerBound], zHigh: zs[bestLo + side.upperBound],
                            bound: Self.coarseSafetyFactor * max(sideError, tol), inverseStep: 1 / h,
                            values: Array(xs[(bestLo + side.lowerBound)...(bestLo + side.upperBound)]),
                            tangents: Array(tangents[side.lowerBound...side.upperBound])))
                    }
                    break
                }
            }
            if k * 2 > maximumIntervals { break }
            // Refine: the midpoints become nodes.
            var nz = [Double](), nx = [Double]()
            nz.reserveCapacity(2 * k + 1); nx.reserveCapacity(2 * k + 1)
            let newMids = (0..<k).map { zs[$0] + h / 2 }
            // Midpoints outside the finite run were not computed above.
            var computed = [Double?](repeating: nil, count: k)
            for (j, i) in (bestLo..<max(bestLo, bestHi)).enumerated() { computed[i] = exactMids[j] }
            let missing = (0..<k).filter { computed[$0] == nil }
            if !missing.isEmpty {
                let filled = distribution.ppf(missing.map { Special.normalCDF(newMids[$0]) })
                for (j, i) in missing.enumerated() { computed[i] = filled[j] }
            }
            for i in 0..<k {
                nz.append(zs[i]); nx.append(xs[i])
                nz.append(newMids[i]); nx.append(computed[i]!)
            }
            nz.append(zs[k]); nx.append(xs[k])
            zs = nz; xs = nx; k *= 2
        }
        if let a = accepted {
            let h = 2 * bound / Double(k)
            zLow = zs[a.lo]; zHigh = zs[a.hi]
            intervals = a.hi - a.lo
            step = h; inverseStep = 1 / h
            maximumError = a.error; tolerance = a.tolerance
            values = a.values; tangents = a.tangents
            coarseStretches = coarse
        } else {
            coarseStretches = []
            zLow = 0; zHigh = 0; intervals = 0; step = 1; inverseStep = 1
            values = []; tangents = []
            maximumError = lastError; tolerance = lastTolerance
        }
    }

    /// The longest run of `true` (the first on ties), nil when there is none.
    private static func longestRun(_ flags: [Bool]) -> Range<Int>? {
        var best: Range<Int>? = nil, start = 0
        for i in 0...flags.count {
            if i < flags.count && flags[i] { continue }
            if i > start, i - start > (best?.count ?? 0) { best = start..<i }
            start = i + 1
        }
        return best
    }

    /// h·dx/dz at nodes lo...hi: φ(z)/f(x) where that is finite and non-negative, else a centred (one-sided
    /// at the ends) difference of the node values.
    private static func tangents(_ d: any UnivariateDistribution, _ zs: [Double], _ xs: [Double], _ h: Double,
                                 _ lo: Int, _ hi: Int) -> [Double] {
        (lo...hi).map { i in
            let density = d.pdf(xs[i])
            let slope = Special.normalPDF(zs[i]) / density
            if slope.isFinite, slope >= 0 { return slope * h }
            if i == lo { return xs[i + 1] - xs[i] }
            if i == hi { return xs[i] - xs[i - 1] }
            return 0.5 * (xs[i + 1] - xs[i - 1])
        }
    }

    @inlinable @inline(__always)
    static func hermite(_ x0: Double, _ x1: Double, _ m0: Double, _ m1: Double, _ t: Double) -> Double {
        // x0·h00 + x1·h01 with h00 = 1 − h01, written so that equal nodes with flat tangents stay exact.
        let t2 = t * t, t3 = t2 * t
        let h10 = t3 - 2 * t2 + t, h01 = 3 * t2 - 2 * t3, h11 = t3 - t2
        return x0 + h01 * (x1 - x0) + h10 * m0 + h11 * m1
    }

    /// The Hermite interpolant at z of nodes `v` with tangents `m` starting at `origin` (z within the nodes).
    @inlinable @inline(__always)
    static func interpolate(_ z: Double, from origin: Double, inverseStep: Double, _ v: UnsafeBufferPointer<Double>,
                            _ m: UnsafeBufferPointer<Double>) -> Double {
        let position = (z - origin) * inverseStep
        let i = min(Int(position), v.count - 2)
        return hermite(v[i], v[i + 1], m[i], m[i + 1], position - Double(i))
    }

    /// F⁻¹(Φ(z)).
    @inlinable
    public func value(_ z: Double) -> Double {
        guard intervals > 0, z >= zLow, z <= zHigh else { return distribution.ppf(Special.normalCDF(z)) }
        return values.withUnsafeBufferPointer { v in
            tangents.withUnsafeBufferPointer { m in Self.interpolate(z, from: zLow, inverseStep: inverseStep, v, m) }
        }
    }

    /// F⁻¹(Φ(z)) of `count` normal scores read `stride` apart from `scores`, written contiguously to `output`.
    /// The z the table does not cover are evaluated exactly together, through the distribution's `exactPPF`
    /// (a beta's inverts four at a time), with the same values as one at a time.
    ///
    /// `settles(lo, hi)`, when given, says whether the caller's use of a value (its rounding and clipping, a
    /// non-decreasing map) gives one result for every value in [lo, hi]. A z in a ``CoarseStretch`` then gets
    /// the interpolant v when `settles(v − bound, v + bound)`: what the caller makes of v is what it makes of
    /// the exact value. Every other z outside the verified run stays exact.
    public func values(_ scores: UnsafePointer<Double>, stride: Int, count: Int,
                       into output: UnsafeMutableBufferPointer<Double>,
                       settles: ((Double, Double) -> Bool)? = nil) {
        precondition(output.count >= count, "output has \(output.count) slots for \(count) values")
        var exactRows = [Int]()
        if intervals > 0 {
            values.withUnsafeBufferPointer { v in
                tangents.withUnsafeBufferPointer { m in
                    for r in 0..<count {
                        let z = scores[r * stride]
                        if z >= zLow, z <= zHigh {
                            output[r] = Self.interpolate(z, from: zLow, inverseStep: inverseStep, v, m)
                        } else {
                            exactRows.append(r)
                        }
                    }
                }
            }
        } else {
            exactRows = Array(0..<count)
        }
        if let settles, !coarseStretches.isEmpty, !exactRows.isEmpty {
            exactRows.removeAll { r in
                let z = scores[r * stride]
                guard let stretch = coarseStretches.first(where: { z >= $0.zLow && z <= $0.zHigh }) else { return false }
                let v = stretch.value(z)
                guard settles(v - stretch.bound, v + stretch.bound) else { return false }
                output[r] = v
                return true
            }
        }
        if exactRows.isEmpty { return }
        let exact = distribution.exactPPF(exactRows.map { Special.normalCDF(scores[$0 * stride]) })
        for (r, x) in zip(exactRows, exact) { output[r] = x }
    }
}
