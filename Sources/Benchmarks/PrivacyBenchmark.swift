import Evaluation
import Foundation
import SynthCore
import Harness
import SynthMath
import SynthNN
import SynthTable

/// Times the privacy evaluation on a dataset (`synthbench bench privacy`): a `gc` synthetic table of the
/// training table's size (or a given synthetic CSV, so that a reference library can time the same file),
/// then every metric of the chosen suites (default: the ones `generate` and grid
/// cells run, ``MetricSuites/privacyDefaults``) on its own (a fresh cache each, so a figure is the metric's
/// whole cost including the neighbour searches it shares with others), and the suites together with one
/// shared cache (what a run pays).
///
/// Budgets (issue 11): each metric at least 10x faster than SynthCity's; the DCR and whole-suite budgets and
/// SynthCity's figures are in ``ReferenceFigure``.
package struct PrivacyBenchmark: Sendable {
    package var seed: UInt64
    package var holdoutFraction: Double
    /// Suite ids to time.
    package var suites: [String]
    /// The evaluation caps (`--eval-cap 0`: every row, the 26k x 32k DCR figure).
    package var caps: EvaluationCaps
    /// A synthetic CSV to score instead of fitting `gc` (read with the real table's column kinds).
    package var syntheticFile: String?

    package init(seed: UInt64 = 7, holdoutFraction: Double = 0.2, suites: [String] = MetricSuites.privacyDefaults,
                 caps: EvaluationCaps = .default, syntheticFile: String? = nil) {
        self.seed = seed; self.holdoutFraction = holdoutFraction; self.suites = suites; self.caps = caps
        self.syntheticFile = syntheticFile
    }

    package struct Result: Codable, Sendable {
        package var dataset: String
        package var trainRows: Int
        package var holdoutRows: Int
        package var holdoutSource: String
        package var syntheticRows: Int
        /// `gc` (fitted here) or the synthetic CSV's path.
        package var syntheticSource: String
        package var blasThreads: Int
        package var blasCore: String
        package var cpuModel: String?
        /// Metric id -> wall seconds on its own, the process CPU seconds over the same span (the figure that
        /// holds on a loaded machine), and the value it computed (nil when not ok).
        package var metricSeconds: [String: Double]
        package var metricCPUSeconds: [String: Double]
        package var values: [String: Double?]
        /// The suites timed, and all of them with one shared cache.
        package var suites: [String]
        package var suitesSeconds: Double
    }

    package func run(dataset: String, datasetsDirectory: String?) throws -> Result {
        let data = try PreparedData.load(.dataset(dataset), fetchIfMissing: true, datasetsDirectory: datasetsDirectory)
            .holdingOut(holdoutFraction, seed: seed)
        let synthetic = try syntheticFile.map { try SyntheticFile.read(path: $0, like: data.table).table }
            ?? CopulaBenchmark.syntheticTable(like: data.table, metadata: data.metadata, seed: seed)
        let input = EvaluationInput(real: data.table, synthetic: synthetic, metadata: data.metadata,
                                    holdout: data.holdout, seed: seed, caps: caps)
        let suites = try self.suites.map { try MetricSuites.named($0) }
        let clock = ContinuousClock()
        var times: [String: Double] = [:], cpu: [String: Double] = [:], values: [String: Double?] = [:]
        for suite in suites {
            for metric in suite.metrics {
                var r: MetricResult? = nil
                let c0 = Double(Foundation.clock()) / Double(CLOCKS_PER_SEC)
                times[metric.id] = clock.measure { r = metric.compute(input, cache: EvaluationCache()) }.seconds
                cpu[metric.id] = Double(Foundation.clock()) / Double(CLOCKS_PER_SEC) - c0
                values[metric.id] = r?.status == .ok ? r?.value : nil
            }
        }
        let together = clock.measure { _ = MetricSuites.evaluate(suites, on: input) }.seconds
        return Result(dataset: dataset, trainRows: data.table.rowCount, holdoutRows: data.holdout?.rowCount ?? 0,
                      holdoutSource: data.holdoutSource, syntheticRows: synthetic.rowCount,
                      syntheticSource: syntheticFile ?? "gc", blasThreads: BLAS.threads,
                      blasCore: BLAS.coreName, cpuModel: CPUFeatures.modelName(), metricSeconds: times, metricCPUSeconds: cpu, values: values,
                      suites: self.suites, suitesSeconds: together)
    }
}
