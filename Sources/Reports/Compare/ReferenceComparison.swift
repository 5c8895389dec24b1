import Foundation

/// The reference comparisons of one run (`synthbench compare RUN_DIR --reference`): each Swift flavour
/// against its real library — the fidelity verdict, baseline `sdv-python` / candidate `sdv` and baseline
/// `synthcity-python` / candidate `synthcity` — and real SDV against real SynthCity — the migration verdict,
/// baseline `sdv-python` / candidate `synthcity-python` — for every pair whose two backends the run has.
/// Each pair is a ``BackendComparison`` (quality and payload deltas, time and memory ratios, fallbacks,
/// failures, verdicts); one report and one set of plots hold them all (docs/reference-backends.md).
package struct ReferenceComparison: Codable, Sendable {
    package struct Pair: Codable, Sendable {
        /// `fidelity` (a flavour against its library) or `migration` (one library against the other).
        package var kind: String
        package var comparison: BackendComparison
    }

    package var runDirectory: String
    package var pairs: [Pair]

    enum CodingKeys: String, CodingKey { case runDirectory = "run_directory", pairs }

    /// The pairs `(kind, baseline, candidate)` a run with `backends` can be compared on.
    package static func pairs(backends: [String]) -> [(kind: String, baseline: String, candidate: String)] {
        let all = [("fidelity", "sdv-python", "sdv"), ("fidelity", "synthcity-python", "synthcity"),
                   ("migration", "sdv-python", "synthcity-python")]
        return all.filter { backends.contains($0.1) && backends.contains($0.2) }
            .map { (kind: $0.0, baseline: $0.1, candidate: $0.2) }
    }

    package static func compare(_ run: RunCells, tolerances: ComparisonTolerances = .init()) throws(ReportError) -> ReferenceComparison {
        let wanted = pairs(backends: run.backends)
        guard !wanted.isEmpty else {
            throw .invalidOption(name: "--reference", value: run.backends.joined(separator: ","),
                                 expected: "a run with a reference backend and its flavour (sdv-python and sdv, synthcity-python and synthcity) or both reference backends")
        }
        var out: [Pair] = []
        for p in wanted {
            out.append(Pair(kind: p.kind, comparison: try BackendComparison.compare(run, baseline: p.baseline, candidate: p.candidate,
                                                                                 tolerances: tolerances)))
        }
        return ReferenceComparison(runDirectory: run.directory.path, pairs: out)
    }

    /// One line per pair, method and dataset: the numbers a migration decision starts from.
    package struct SummaryRow: Sendable, Equatable {
        package var kind: String
        package var pair: String
        package var method: String
        package var dataset: String
        package var baselineQuality: Double?
        package var candidateQuality: Double?
        package var qualityDelta: Double?
        package var ksMeanDelta: Double?
        package var timeRatio: Double?
        package var fitTimeRatio: Double?
        package var memoryRatio: Double?
        package var verdict: String
    }

    package var summary: [SummaryRow] {
        pairs.flatMap { p in
            p.comparison.groups.map { g in
                let quality = g.metrics.first { $0.metric == "quality" }
                let ks = g.metrics.first { $0.metric == "ks_mean" }
                let verdict = p.comparison.verdicts.first { $0.method == g.methodLabel || $0.method == g.method }
                return SummaryRow(kind: p.kind, pair: "\(p.comparison.candidate) vs \(p.comparison.baseline)",
                                  method: g.methodLabel, dataset: g.dataset, baselineQuality: quality?.baselineMean,
                                  candidateQuality: quality?.candidateMean, qualityDelta: quality?.delta?.mean,
                                  ksMeanDelta: ks?.delta?.mean, timeRatio: g.timeRatio, fitTimeRatio: g.fitTimeRatio,
                                  memoryRatio: g.memoryRatio, verdict: verdict?.outcome.rawValue ?? "-")
            }
        }
    }

    /// The summary table, then each pair's full comparison.
    package var markdown: String {
        func f(_ x: Double?, _ format: String) -> String { x.map { String(format: format, $0) } ?? "–" }
        var lines = ["# Reference comparison", "", "Run: `\(runDirectory)`", "",
                     "Fidelity: each Swift flavour (candidate) against its real library (baseline). Migration: real SynthCity (candidate) against real SDV (baseline). Deltas are candidate − baseline (mean over the seeds where both finished); ratios are candidate / baseline (geometric mean over seeds; below 1 = the candidate is cheaper).", "",
                     "| kind | pair | method | dataset | quality baseline | quality candidate | Δ quality | Δ ks_mean | time ratio | fit time ratio | memory ratio | verdict |",
                     "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in summary {
            lines.append("| \(r.kind) | \(r.pair) | \(r.method) | \(r.dataset) | \(f(r.baselineQuality, "%.4f")) | \(f(r.candidateQuality, "%.4f")) | \(f(r.qualityDelta, "%+.4f")) | \(f(r.ksMeanDelta, "%+.4f")) | \(f(r.timeRatio, "%.3g")) | \(f(r.fitTimeRatio, "%.3g")) | \(f(r.memoryRatio, "%.3g")) | \(r.verdict) |")
        }
        for p in pairs {
            lines += ["", "---", "", "## \(p.kind): \(p.comparison.candidate) vs \(p.comparison.baseline)", ""]
            // Each pair's own report, its headings one level down.
            lines.append(ComparisonMarkdown.render(p.comparison).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("#") ? "#" + $0 : String($0) }.joined(separator: "\n"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every pair's figures, named `reference_<candidate>_vs_<baseline>_{deltas,ratios,cd}`.
    var figures: [GnuplotFigure] {
        pairs.flatMap { p in
            let prefix = "reference_\(p.comparison.candidate)_vs_\(p.comparison.baseline)_".replacingOccurrences(of: "-", with: "_")
            return ComparisonFigures(comparison: p.comparison, prefix: prefix).all
        }
    }

    /// Writes `RUN_DIR/reference-comparison.json`, `RUN_DIR/reference-comparison.md` and `RUN_DIR/plots/reference_*`.
    package func write(renderer: GnuplotRenderer = .fromEnvironment()) throws(ReportError) -> ComparisonWriter.Output {
        let dir = URL(fileURLWithPath: runDirectory)
        let json = dir.appendingPathComponent("reference-comparison.json")
        let md = dir.appendingPathComponent("reference-comparison.md")
        try ComparisonWriter.writeReport(self, json: json, markdown: markdown, to: md)
        let writer = GnuplotWriter(directory: dir.appendingPathComponent("plots"), renderer: renderer)
        let plots = try writer.write(figures, ownedPrefixes: ["reference_"])
        return ComparisonWriter.Output(json: json, markdown: md, plots: plots)
    }
}
