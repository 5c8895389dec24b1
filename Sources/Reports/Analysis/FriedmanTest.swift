import SynthMath

/// Friedman's test that k methods (treatments) perform alike across N datasets (blocks), from a score
/// per dataset and method: ranks within each dataset (average ranks for ties), then
/// χ²_F = (12 / (N k (k + 1)) Σ_j R_j² − 3 N (k + 1)) / c with R_j the rank sums and the tie correction
/// c = 1 − Σ (t³ − t) / (N k (k² − 1)), and p = P(χ²_{k−1} > χ²_F) (scipy.stats.friedmanchisquare).
/// Average ranks are reported with 1 = best.
package struct FriedmanTest: Codable, Sendable, Equatable {
    package var methods: [String]
    package var datasets: [String]
    /// Mean rank of each method over the datasets, 1 = best.
    package var averageRanks: [Double]
    package var statistic: Double
    package var degreesOfFreedom: Int
    package var pValue: Double
    /// The Nemenyi critical difference at α = 0.05 (``NemenyiTest``): two methods whose average ranks
    /// differ by more are significantly different. nil beyond the tabulated method counts.
    package var criticalDifference: Double?

    enum CodingKeys: String, CodingKey {
        case methods, datasets, averageRanks = "average_ranks", statistic, degreesOfFreedom = "degrees_of_freedom"
        case pValue = "p_value", criticalDifference = "critical_difference"
    }

    /// `scores[i][j]` is method j's score on dataset i. Needs at least two methods and two datasets, every
    /// score finite.
    package init(scores: [[Double]], methods: [String], datasets: [String], higherIsBetter: Bool = true) throws(ReportError) {
        let k = methods.count, n = scores.count
        guard k >= 2, n >= 2, datasets.count == n, scores.allSatisfy({ $0.count == k && $0.allSatisfy(\.isFinite) }) else {
            throw .invalidOption(name: "friedman", value: "\(n) dataset(s) x \(k) method(s)",
                                 expected: "at least 2 datasets and 2 methods, each with a finite score on every dataset")
        }
        var rankSums = [Double](repeating: 0, count: k)
        var ties = 0.0
        for row in scores {
            // Rank 1 for the best score: rank the negated scores when higher is better.
            let ranks = Ranking.averageRanks(higherIsBetter ? row.map { -$0 } : row)
            for j in 0..<k { rankSums[j] += ranks[j] }
            var counts: [Double: Int] = [:]
            for v in row { counts[v, default: 0] += 1 }
            for t in counts.values where t > 1 { ties += Double(t * (t * t - 1)) }
        }
        let nk = Double(n), kk = Double(k)
        let c = 1 - ties / (kk * (kk * kk - 1) * nk)
        let sumSquares = rankSums.reduce(0) { $0 + $1 * $1 }
        let chi = (12 / (kk * nk * (kk + 1)) * sumSquares - 3 * nk * (kk + 1)) / c
        self.methods = methods
        self.datasets = datasets
        averageRanks = rankSums.map { $0 / nk }
        statistic = chi
        degreesOfFreedom = k - 1
        pValue = c > 0 ? ChiSquare.survival(chi, degreesOfFreedom: k - 1) : 1
        criticalDifference = NemenyiTest.criticalDifference(methods: k, datasets: n)
    }
}
