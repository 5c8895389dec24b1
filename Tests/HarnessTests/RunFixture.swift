import Evaluation
import Foundation
import SynthCore
@testable import Harness
import Synthesizers

/// Fabricates cell results with chosen values and writes them as a run directory
/// (`<root>/results/<experiment>/<run-id>/cells/<cell-id>.json`), so plots, comparisons and checks are
/// tested without running a grid. The root is a fresh temporary directory, or `$SYNTHBENCH_FIXTURE_ROOT`
/// when set (then it is kept, e.g. to look at the rendered plots).
enum RunFixture {
    static func cell(dataset: String = "adult", method: String = "gc", backend: String = "sdv", seed: UInt64 = 0,
                     params: [String: ParameterValue] = [:], status: CellResult.Status = .ok,
                     ranOn: String? = nil, fallbackReason: String? = nil,
                     quality: Double? = 0.8, ksMean: Double? = 0.1, corrDelta: Double? = 0.05, miaAUC: Double? = 0.55,
                     dupRate: Double? = 0.0, auroc: Double? = 0.8, fit: Double = 1, total: Double? = nil, rss: Double = 100,
                     sdmetrics: Bool = true, experiment: String = "fixture", runID: String = "run-1") -> CellResult {
        let paramText = params.keys.sorted().map { "\($0)_\(params[$0]!)" }.joined(separator: "_")
        let id = [dataset, method, backend, "s\(seed)", paramText].filter { !$0.isEmpty }.joined(separator: "__")
            .replacingOccurrences(of: " ", with: "-")
        let used = ranOn ?? backend
        guard status == .ok else {
            return CellResult(experiment: experiment, runID: runID, cellID: id, dataset: dataset, method: method,
                              methodResolved: MethodFactory.canonicalName(method), backendRequested: backend, backend: used,
                              fallbackReason: fallbackReason, seed: seed, params: params, status: status,
                              error: status == .timeout ? "exceeded the 60 s cell timeout" : "fit failed: fabricated error",
                              phase: "fit", timingsS: PhaseTimings(load: 0.1, total: total), blasThreads: 1)
        }
        let total = total ?? fit * 1.1 + 0.15
        var suites: [String: [String: Double?]] = [:]
        if sdmetrics { suites[SDMetricsSuite.id] = ["quality_score": quality, "diagnostic_score": 1.0] }
        let metrics = CellResult.Metrics(
            utility: .init(ksMean: ksMean, corrDelta: corrDelta, auroc: auroc, cIndex: nil),
            privacy: .init(miaAUC: miaAUC, dupRate: dupRate, dpRequested: false, dpEffective: false, dpEpsilon: nil),
            fairness: .init(rareCoverage: 1, freqSkew: 0.01), suites: suites)
        return CellResult(experiment: experiment, runID: runID, cellID: id, dataset: dataset, method: method,
                          methodResolved: MethodFactory.canonicalName(method), backendRequested: backend, backend: used,
                          fallbackReason: fallbackReason, seed: seed, params: params, status: .ok, phase: "done",
                          timingsS: PhaseTimings(load: 0.05, fit: fit, sample: 0.05, evaluate: total - fit - 0.1, total: total),
                          cpuS: .init(user: total, system: 0.05), peakRSSMB: rss, rows: .init(real: 1000, synthetic: 1000),
                          throughputRowsPerS: .init(fit: 1000 / fit, sample: 5000), blasThreads: 1,
                          metrics: metrics)
    }

    /// Writes `cells` as a run directory and returns it.
    static func write(_ cells: [CellResult], experiment: String = "fixture", runID: String = "run-1") throws -> URL {
        let root: URL
        if let kept = ProcessInfo.processInfo.environment["SYNTHBENCH_FIXTURE_ROOT"] {
            root = URL(fileURLWithPath: kept).appendingPathComponent(UUID().uuidString.prefix(8).lowercased())
        } else {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("synthbench-tests-\(UUID().uuidString)")
        }
        let run = root.appendingPathComponent("results/\(experiment)/\(runID)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        for c in cells {
            try AtomicFile.write(try encoder.encode(c), to: run.appendingPathComponent("cells/\(c.cellID).json"))
        }
        return run
    }

    /// Removes a fixture's root unless it is kept.
    static func remove(_ run: URL) {
        guard ProcessInfo.processInfo.environment["SYNTHBENCH_FIXTURE_ROOT"] == nil else { return }
        try? FileManager.default.removeItem(at: run.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
    }

    /// A small migration-style run: datasets `adult` and `credit card`, methods gc, ctgan, tvae, identity, uniform,
    /// both backends, 3 seeds; total time = 1.1 x fit + 0.15 s. gc on synthcity falls back to sdv; ctgan on synthcity seed 2 of adult times out.
    static func migrationRun(sdmetrics: Bool = true) -> [CellResult] {
        struct Profile { let quality: Double; let fit: Double; let rss: Double; let mia: Double; let dup: Double }
        let profiles: [String: Profile] = [
            "gc": Profile(quality: 0.80, fit: 0.5, rss: 120, mia: 0.52, dup: 0.0),
            "ctgan": Profile(quality: 0.84, fit: 40, rss: 600, mia: 0.54, dup: 0.001),
            "tvae": Profile(quality: 0.82, fit: 12, rss: 420, mia: 0.55, dup: 0.002),
            "identity": Profile(quality: 0.99, fit: 0.01, rss: 80, mia: 0.95, dup: 1.0),
            "uniform": Profile(quality: 0.45, fit: 0.001, rss: 60, mia: 0.5, dup: 0.0),
        ]
        var cells: [CellResult] = []
        for dataset in ["adult", "credit card"] {
            for (method, p) in profiles.sorted(by: { $0.key < $1.key }) {
                for backend in ["sdv", "synthcity"] {
                    for seed in UInt64(0)..<3 {
                        let jitter = Double(seed) * 0.01 - 0.01
                        let shift = backend == "synthcity" ? -0.005 : 0
                        let slower = backend == "synthcity" ? 1.3 : 1
                        let data = dataset == "adult" ? 1.0 : 0.5
                        let fallback = method == "gc" && backend == "synthcity"
                        if method == "ctgan" && backend == "synthcity" && dataset == "adult" && seed == 2 {
                            cells.append(cell(dataset: dataset, method: method, backend: backend, seed: seed, status: .timeout))
                            continue
                        }
                        cells.append(cell(dataset: dataset, method: method, backend: backend, seed: seed,
                                          ranOn: fallback ? "sdv" : nil,
                                          fallbackReason: fallback ? "synthcity has no 'gc'; using sdv's" : nil,
                                          quality: p.quality + jitter + shift, ksMean: 1 - (p.quality + jitter + shift) - 0.05,
                                          corrDelta: 0.1 - p.quality / 10, miaAUC: p.mia + jitter / 2, dupRate: p.dup,
                                          auroc: 0.85 + jitter, fit: p.fit * slower * data * (1 + jitter),
                                          rss: p.rss * slower * data,
                                          sdmetrics: sdmetrics))
                    }
                }
            }
        }
        return cells
    }
}
