import SynthMath

/// sklearn's `QuantileTransformer(output_distribution="normal")` for one column, as SynthCity's
/// `quantile` encoder (and TabDDPM's quantile normalisation) configures it: `n_quantiles =
/// max(min(n // 30, 1000), 10)`, at most `subsample = 10000` rows used for the fit (drawn without
/// replacement from the seeded stream; sklearn draws from numpy's generator, so the subsample differs).
///
/// Fit: the quantiles of the (sub)sample at `references = linspace(0, 1, n_quantiles)` (numpy's linear
/// percentile), made non-decreasing. Forward: `u = ½ (interp(x, q, r) − interp(−x, −q↓, −r↓))` (the
/// average of the two interpolation directions, the mid-rank of a run of tied quantiles), then
/// `z = Φ⁻¹(u)` clipped to `±Φ⁻¹(1 − 1e-7)` (about ±5.2). Inverse: `u = Φ(z)`, `x = interp(u, r, q)`.
///
/// ``Bounds`` decides what happens to values at the fitted minimum and maximum, the cause of SynthCity
/// issue #345 (numerical values piled at min/max): sklearn maps every value within 1e-7 of the minimum
/// to `u = 0` (and of the maximum to `u = 1`), i.e. to the clip value ±5.2, an atom far from the rest of
/// the column (the next value of a column whose minimum is tied, such as adult's `age = 17`, sits near
/// Φ⁻¹(share of the minimum) ≈ −2.3). See ``Bounds``.
public struct QuantileNormalTransformer: Sendable, Equatable {
    /// Treatment of values at the fitted bounds in the forward transform.
    public enum Bounds: String, Sendable, CaseIterable, Codable {
        /// sklearn (and so SynthCity): min → −5.2, max → +5.2.
        case sklearn
        /// sklearn's mid-rank interpolation for every value, the bounds included, so a tied minimum that spans
        /// grid points goes to the middle of its plateau (u = r_k/2 for quantiles 0...k tied) instead of the clip
        /// value; and a minimum that holds less than one grid step (a single grid point, which the interpolation
        /// would send to u = 0, the clip value) goes to Φ⁻¹(p/2), p the share of the column's values at or below
        /// it, counted. The maximum likewise. The inverse is sklearn's: the score of a bound stays inside the
        /// region that the inverse maps back to it (the plateau, or for an integer column the values that round
        /// to it), whereas the clip value is an isolated atom: adult's hours-per-week = 1 (0.06 % of rows against
        /// a grid step of 0.1 %) sat at −5.2 and its neighbour 2 at −3.09.
        case midrank
    }

    public let quantiles: [Double]
    public let references: [Double]
    public let bounds: Bounds
    /// The shares of the fitted values at or below the minimum quantile and at or above the maximum one, over every
    /// value given to the fit (not the subsample, whose share of an untied minimum would be 3x adult's): the
    /// scores of `midrank`'s bounds when they hold a single grid point.
    public let lowerShare: Double, upperShare: Double

    static let boundsThreshold = 1e-7
    /// `norm.ppf(1 − (1e-7 − spacing(1)))`.
    static let clip = Special.normalQuantile(1 - (1e-7 - 2.220446049250313e-16))

    /// SynthCity's `n_quantiles` for `n` rows.
    public static func quantileCount(rows n: Int) -> Int { max(min(n / 30, 1000), 10) }

    public init(fitting values: [Double], quantileCount: Int? = nil, subsample: Int = 10_000, bounds: Bounds,
                stream: inout RandomStream) throws(SynthesisError) {
        guard !values.isEmpty else { throw .invalidData("a quantile transform needs at least one value") }
        var sample = values
        if values.count > subsample {
            let picked = stream.permutation(values.count).prefix(subsample)
            sample = picked.map { values[$0] }
        }
        let nq = min(quantileCount ?? Self.quantileCount(rows: values.count), sample.count)
        let refs = nq == 1 ? [0.0] : (0..<nq).map { Double($0) / Double(nq - 1) }
        let sorted = SortedSample(sample)
        var q: [Double] = []
        for r in refs {
            do { q.append(try Quantiles.quantile(sorted, r)) } catch {
                throw .invalidData("quantile transform: \(error)")
            }
        }
        for i in q.indices.dropFirst() { q[i] = max(q[i], q[i - 1]) }
        let fitted = values.filter { !$0.isNaN }
        lowerShare = Double(fitted.count { $0 <= q[0] }) / Double(fitted.count)
        upperShare = Double(fitted.count { $0 >= q[q.count - 1] }) / Double(fitted.count)
        quantiles = q
        references = refs
        self.bounds = bounds
    }

    /// `np.interp(x, xp, fp)` for non-decreasing `xp`: clamped at the ends; within a run of equal `xp`,
    /// the right end of the run (numpy's binary search lands past the run).
    static func interp(_ x: Double, _ xp: [Double], _ fp: [Double]) -> Double {
        let n = xp.count
        if x < xp[0] { return fp[0] }
        if x >= xp[n - 1] { return fp[n - 1] }
        // The last j with xp[j] <= x.
        var lo = 0, hi = n - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if xp[mid] <= x { lo = mid } else { hi = mid }
        }
        let span = xp[lo + 1] - xp[lo]
        if span == 0 { return fp[lo] }
        return fp[lo] + (x - xp[lo]) / span * (fp[lo + 1] - fp[lo])
    }

    /// The normal scores of `xs` (see the type's documentation).
    public func transform(_ xs: [Double]) -> [Double] {
        let qr = quantiles.reversed().map { -$0 }, rr = references.reversed().map { -$0 }
        let q = quantiles, r = references
        return xs.map { x in
            var u: Double
            if bounds == .sklearn && x - Self.boundsThreshold < q[0] { u = 0 }
            else if bounds == .sklearn && x + Self.boundsThreshold > q[q.count - 1] { u = 1 }
            else if bounds == .midrank && x <= q[0] && q.count > 1 && q[1] > q[0] { u = lowerShare / 2 }
            else if bounds == .midrank && x >= q[q.count - 1] && q.count > 1 && q[q.count - 2] < q[q.count - 1] {
                u = 1 - upperShare / 2
            } else { u = 0.5 * (Self.interp(x, q, r) - Self.interp(-x, qr, rr)) }
            u = min(max(u, 0), 1)
            let z = u <= 0 ? -Double.infinity : (u >= 1 ? Double.infinity : Special.normalQuantile(u))
            return min(max(z, -Self.clip), Self.clip)
        }
    }

    /// The value of normal score `z` (sklearn's inverse: `Φ(z)` within 1e-7 of 0 or 1 gives the fitted
    /// minimum or maximum).
    public func inverse(_ z: Double) -> Double {
        let u = Special.normalCDF(z)
        if u - Self.boundsThreshold < 0 { return quantiles[0] }
        if u + Self.boundsThreshold > 1 { return quantiles[quantiles.count - 1] }
        return Self.interp(u, references, quantiles)
    }
}
