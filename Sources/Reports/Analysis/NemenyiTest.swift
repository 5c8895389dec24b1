/// The Nemenyi post-hoc test after ``FriedmanTest`` (Demšar 2006): two of k methods ranked over N datasets
/// differ significantly when their average ranks differ by more than CD = q_α √(k (k + 1) / (6 N)), with
/// q_α the studentized range quantile for k groups and infinite degrees of freedom, divided by √2.
package enum NemenyiTest {
    /// q_0.05 for k = 2...30 (index k − 2), from `scripts/reference/nemenyi_q.py`
    /// (scipy `studentized_range.ppf(0.95, k, inf) / sqrt(2)`; Demšar's Table 5(a) for k ≤ 10).
    static let q05: [Double] = [
        1.959964, 2.343701, 2.569032, 2.727774, 2.849705, 2.948320, 3.030878, 3.101730, 3.163684, 3.218654,
        3.268004, 3.312739, 3.353618, 3.391230, 3.426041, 3.458425, 3.488685, 3.517073, 3.543799, 3.569040,
        3.592946, 3.615646, 3.637252, 3.657861, 3.677556, 3.696413, 3.714498, 3.731869, 3.748578,
    ]

    /// CD at α = 0.05 for `methods` methods over `datasets` datasets; nil outside 2...30 methods.
    package static func criticalDifference(methods k: Int, datasets n: Int) -> Double? {
        guard k >= 2, k - 2 < q05.count, n >= 1 else { return nil }
        return q05[k - 2] * (Double(k * (k + 1)) / (6 * Double(n))).squareRoot()
    }

    /// Groups of methods (indices, sorted by average rank) whose ranks all lie within `cd` of each other:
    /// the maximal cliques a critical-difference diagram joins with a bar. Singletons are left out.
    package static func cliques(averageRanks: [Double], cd: Double) -> [[Int]] {
        let order = averageRanks.indices.sorted { averageRanks[$0] < averageRanks[$1] }
        var out: [[Int]] = []
        var lastEnd = -1
        for start in order.indices {
            var end = start
            while end + 1 < order.count, averageRanks[order[end + 1]] - averageRanks[order[start]] <= cd { end += 1 }
            if end > start, end > lastEnd {
                out.append(Array(order[start...end]))
                lastEnd = end
            }
        }
        return out
    }
}
