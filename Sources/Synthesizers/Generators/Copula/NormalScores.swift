import SynthMath

/// Copulas' `_transform_to_normal` for one column: z = Φ⁻¹(clip(F(x), ε, 1 − ε)) with ε the float32
/// machine epsilon (`copulas.utils.EPSILON`).
enum NormalScores {
    /// float32 epsilon, 2⁻²³.
    static let epsilon = Double(Float.ulpOfOne)
    /// |Φ⁻¹(ε)| ≈ 5.17: the score of a value at or beyond either end of its marginal's support.
    static let clippedScore = -Special.normalQuantile(epsilon) * (1 - 1e-12)

    /// The normal scores of `values` under `distribution`. Columns with few distinct values (integers,
    /// categories of dates) compute F and Φ⁻¹ once per distinct value; the result is the same.
    static func compute(_ values: [Double], _ distribution: any UnivariateDistribution) -> [Double] {
        let n = values.count
        // A probe of the first 256 values decides whether remembering scores pays.
        var probe = Set<UInt64>()
        for v in values.prefix(256) { probe.insert(v.bitPattern) }
        if n > 512, probe.count * 4 <= min(n, 256) {
            var memo: [UInt64: Int] = [:]
            var out = [Double](repeating: 0, count: n)
            var distinct: [Double] = []
            var slot = [Int](repeating: 0, count: n)
            for (i, v) in values.enumerated() {
                let key = v.bitPattern
                if let k = memo[key] { slot[i] = k; continue }
                memo[key] = distinct.count
                slot[i] = distinct.count
                distinct.append(v)
            }
            let scores = score(distribution.cdf(distinct))
            for i in 0..<n { out[i] = scores[slot[i]] }
            return out
        }
        return score(distribution.cdf(values))
    }

    static func score(_ u: [Double]) -> [Double] {
        u.map { Special.normalQuantile(min(1 - epsilon, max(epsilon, $0))) }
    }
}
