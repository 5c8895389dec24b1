import ArgumentParser
import Foundation
import Harness
import Reports

/// `synthbench compare RUN_DIR`: the backend comparison of one run.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two backends on the cells of one run: deltas, ratios, fallbacks, failures, verdicts, leaderboard.",
        discussion: """
        Pairs cells that differ only in backend (same dataset, method, seed, parameters) and writes \
        RUN_DIR/comparison.json, RUN_DIR/comparison.md and RUN_DIR/plots/compare_*. Default tolerances: \
        quality 0.02, ks_mean 0.02, corr_delta 0.02, mia_auc 0.02, dup_rate 0.01, auroc 0.02. See docs/reports.md.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The run directory (results/<experiment>/<run-id>).") var runDirectory: String
    @Option(help: "The backend compared against.") var baseline = "sdv"
    @Option(help: "The backend under test.") var candidate = "synthcity"
    @Option(name: .customLong("tolerance"), help: "A tolerance as METRIC=VALUE, e.g. quality=0.03 (repeatable).")
    var tolerance: [String] = []
    @Option(help: "A JSON file of tolerances, e.g. {\"quality\": 0.03, \"mia_auc\": 0.01} (applied before --tolerance).")
    var tolerances: String?
    @Flag(name: .customLong("no-render"), help: "Write .dat and .gp only; do not run gnuplot.") var noRender = false
    @Flag(name: .customLong("fail-if-worse"), help: "Exit 1 when any method's verdict is worse.") var failIfWorse = false
    @Flag(help: "Compare each Swift flavour with its real library (sdv vs sdv-python, synthcity vs synthcity-python) and real SynthCity with real SDV, in RUN_DIR/reference-comparison.md / .json and plots/reference_* (docs/reference-backends.md).")
    var reference = false

    func run() throws {
        global.apply()
        var tol = ComparisonTolerances()
        if let tolerances { try tol.apply(file: URL(fileURLWithPath: tolerances)) }
        for t in tolerance { try tol.apply(assignment: t) }
        let dir = URL(fileURLWithPath: runDirectory)
        let cells = try RunCells.load(runDirectory: dir)
        try OutputLocation.prepare(dir.appendingPathComponent("plots"))   // before any comparison is computed
        if reference { return try runReference(cells, tolerances: tol) }
        let comparison = try BackendComparison.compare(cells, baseline: baseline,
                                                       candidate: candidate, tolerances: tol)
        let output = try ComparisonWriter.write(comparison, runDirectory: dir,
                                                renderer: noRender ? GnuplotRenderer(executable: nil, unavailableReason: "--no-render was given") : .fromEnvironment())
        print("\(candidate) (candidate) vs \(baseline) (baseline); quality: \(comparison.qualityLabel)")
        print(TextTable(header: ["method", "verdict", "datasets", "reasons"], rows: comparison.verdicts.map {
            [$0.method, $0.outcome.rawValue, $0.datasets.joined(separator: ","), $0.reasons.joined(separator: "; ")]
        }).rendered)
        print("\nwrote \(output.json.path)\nwrote \(output.markdown.path)\n\(output.plots.summary)")
        if failIfWorse && comparison.verdicts.contains(where: { $0.outcome == .worse }) { throw ExitCode(1) }
    }

    func runReference(_ cells: RunCells, tolerances: ComparisonTolerances) throws {
        let comparison = try ReferenceComparison.compare(cells, tolerances: tolerances)
        let output = try comparison.write(renderer: noRender ? GnuplotRenderer(executable: nil, unavailableReason: "--no-render was given") : .fromEnvironment())
        func f(_ x: Double?, _ format: String) -> String { x.map { String(format: format, $0) } ?? "-" }
        print(TextTable(header: ["pair", "method", "dataset", "quality base", "quality cand", "d_quality", "time_ratio", "fit_ratio", "mem_ratio", "verdict"],
                        rows: comparison.summary.map {
            [$0.pair, $0.method, $0.dataset, f($0.baselineQuality, "%.4f"), f($0.candidateQuality, "%.4f"), f($0.qualityDelta, "%+.4f"),
             f($0.timeRatio, "%.3g"), f($0.fitTimeRatio, "%.3g"), f($0.memoryRatio, "%.3g"), $0.verdict]
        }).rendered)
        print("\nwrote \(output.json.path)\nwrote \(output.markdown.path)\n\(output.plots.summary)")
        if failIfWorse && comparison.pairs.contains(where: { $0.comparison.verdicts.contains { $0.outcome == .worse } }) { throw ExitCode(1) }
    }
}
