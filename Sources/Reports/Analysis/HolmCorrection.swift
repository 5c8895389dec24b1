/// Holm's step-down correction for a family of p-values: sort ascending, reject the i-th smallest
/// (0-based) while p ≤ α / (m − i); stop at the first that is not rejected.
/// The adjusted p-values are max over j ≤ i of min(1, (m − j) p_(j)) (statsmodels' `multipletests(method='holm')`).
package enum HolmCorrection {
    /// Holm-adjusted p-values, in the input order.
    package static func adjusted(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { p[$0] < p[$1] }
        var out = [Double](repeating: 1, count: m)
        var running = 0.0
        for (i, k) in order.enumerated() {
            running = max(running, min(1, Double(m - i) * p[k]))
            out[k] = running
        }
        return out
    }

    /// Which hypotheses are rejected at family-wise level `alpha`.
    package static func rejected(_ p: [Double], alpha: Double = 0.05) -> [Bool] {
        adjusted(p).map { $0 <= alpha }
    }
}
