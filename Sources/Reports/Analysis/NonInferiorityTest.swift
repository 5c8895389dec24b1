import SynthMath

/// The statistical verdict on the headline metrics of one method, candidate vs baseline (docs/reports.md,
/// "Verdict statistics"). Per metric, the harm (candidate − baseline, turned so that positive is worse)
/// of each (dataset, seed) pair enters a ``StratifiedTTest`` stratified by dataset; the metric's tolerance
/// is its non-inferiority margin m. Two one-sided Welch t tests per metric, each family Holm-corrected
/// across the metrics at family-wise α:
/// - `not_worse` when H0 "harm ≥ m" is rejected (the upper bound clears the margin from below);
/// - `worse` when H0 "harm ≤ m" is rejected (the interval lies wholly above the margin);
/// - otherwise `inconclusive`, with the seeds per dataset a normal-approximation power calculation says
///   would settle it at the observed mean harm and spread.
package enum NonInferiorityTest {
    package static let alpha = 0.05
    package static let power = 0.8
    /// The most seeds per dataset a power estimate reports; beyond it the answer is "more than this".
    package static let seedCap = 1000

    package enum Outcome: String, Codable, Sendable { case notWorse = "not_worse", worse, inconclusive }

    /// One metric's paired harms, by dataset.
    package struct Input: Sendable {
        package var metric: String
        package var margin: Double
        /// Per dataset, the harm of each seed where both sides have the metric.
        package var strata: [[Double]]
        package init(metric: String, margin: Double, strata: [[Double]]) {
            self.metric = metric; self.margin = margin; self.strata = strata
        }
    }

    package struct MetricVerdict: Codable, Sendable, Equatable {
        package var metric: String
        package var margin: Double
        /// Mean harm (mean over datasets of the per-dataset mean); positive = candidate worse.
        package var harm: Double
        /// 95 % interval of the harm (Welch t).
        package var lower: Double
        package var upper: Double
        /// Holm-adjusted one-sided p-values: of "harm ≥ margin" and of "harm ≤ margin".
        package var pNotWorse: Double
        package var pWorse: Double
        package var datasets: Int
        package var pairs: Int
        package var outcome: Outcome
        /// For an inconclusive verdict: seeds per dataset that would give 80 % power; nil when the spread is
        /// unknown (a dataset with one seed) or the mean harm sits on the margin.
        package var seedsNeeded: Int?
        package var note: String?

        enum CodingKeys: String, CodingKey {
            case metric, margin, harm, lower, upper, pNotWorse = "p_not_worse", pWorse = "p_worse", datasets, pairs
            case outcome, seedsNeeded = "seeds_needed", note
        }
    }

    /// Verdicts for a family of metrics; inputs without any pair are left out.
    package static func judge(_ inputs: [Input], alpha: Double = alpha) -> [MetricVerdict] {
        let usable = inputs.filter { $0.strata.contains { !$0.isEmpty } }
        let tests = usable.map { StratifiedTTest(strata: $0.strata) }
        let pNotWorse = HolmCorrection.adjusted(zip(usable, tests).map { $1.pValueBelow($0.margin) })
        let pWorse = HolmCorrection.adjusted(zip(usable, tests).map { $1.pValueAbove($0.margin) })
        return usable.indices.map { i in
            let input = usable[i], test = tests[i]
            let ci = test.interval(level: 1 - alpha)
            var v = MetricVerdict(metric: input.metric, margin: input.margin, harm: test.estimate, lower: ci.lower, upper: ci.upper,
                                  pNotWorse: pNotWorse[i], pWorse: pWorse[i], datasets: test.strata, pairs: test.units,
                                  outcome: .inconclusive, seedsNeeded: nil, note: nil)
            if test.smallestStratum < 2 {
                v.note = "a dataset has a single seed, so the spread is unknown"
            } else if pNotWorse[i] <= alpha {
                v.outcome = .notWorse
            } else if pWorse[i] <= alpha {
                v.outcome = .worse
            } else {
                v.seedsNeeded = seedsNeeded(harm: test.estimate, margin: input.margin, sd: test.unitSD, datasets: test.strata,
                                            family: usable.count, alpha: alpha)
            }
            return v
        }
    }

    /// n per dataset so that a one-sided test at α / family (Holm's strictest step) has `power` to tell
    /// the mean harm from the margin: n = ((z_{1−α/f} + z_power) · sd / |harm − margin|)² / datasets,
    /// rounded up, at least 2, capped at ``seedCap``.
    package static func seedsNeeded(harm: Double, margin: Double, sd: Double?, datasets: Int, family: Int,
                                   alpha: Double = alpha, power: Double = power) -> Int? {
        guard let sd, datasets > 0 else { return nil }
        let gap = abs(harm - margin)
        guard gap > 0 else { return nil }
        let z = Special.normalQuantile(1 - alpha / Double(max(family, 1))) + Special.normalQuantile(power)
        let total = (z * sd / gap) * (z * sd / gap)
        let perDataset = (total / Double(datasets)).rounded(.up)
        return Int(min(Double(seedCap), max(2, perDataset)))
    }
}
