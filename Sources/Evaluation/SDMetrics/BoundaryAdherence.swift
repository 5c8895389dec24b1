/// SDMetrics' BoundaryAdherence: the share of synthetic values within the real [min, max] (inclusive).
/// When the real column has a missing value, missing values are dropped from both sides first;
/// otherwise a missing synthetic value counts as out of bounds. Real values all missing: no value is
/// within the (NaN) bounds, so the score is 0. NaN when no synthetic value is left.
enum BoundaryAdherence {
    static func compute(real: [Double], synthetic: [Double]) -> Double {
        let dropMissing = real.contains { $0.isNaN }
        var lo = Double.infinity, hi = -Double.infinity, anyReal = false
        for x in real where !x.isNaN { lo = min(lo, x); hi = max(hi, x); anyReal = true }
        var inside = 0, n = 0
        for x in synthetic {
            if x.isNaN {
                if !dropMissing { n += 1 }
                continue
            }
            n += 1
            if anyReal && x >= lo && x <= hi { inside += 1 }
        }
        return n == 0 ? .nan : Double(inside) / Double(n)
    }
}
