import Foundation

/// `comparison.md`: the comparison as a page a reviewer reads top to bottom: verdicts, per method x
/// dataset deltas and ratios, failures, fallbacks, unpaired cells, and the leaderboard.
package enum ComparisonMarkdown {
    package static func render(_ c: BackendComparison) -> String {
        var out: [String] = []
        out.append("# Backend comparison: \(c.candidate) (candidate) vs \(c.baseline) (baseline)")
        out.append("")
        out.append("Run `\(c.runDirectory)` (experiment `\(c.experiment)`, run `\(c.runID)`). Quality: \(c.qualityLabel).")
        out.append("")
        out.append("Cells are paired when they differ only in backend: same dataset, method as named in the grid, seed and parameters. "
                   + "Deltas are candidate − baseline, mean ± sample sd over the seeds where both finished (n), with the 95 % "
                   + "t interval of the harm (positive = candidate worse). "
                   + "Ratios are candidate / baseline, geometric mean over those seeds. "
                   + "Verdicts are statistical: per method and headline metric, the paired harms over seeds and datasets are "
                   + "averaged per dataset, then over datasets, and tested (Welch t, Welch–Satterthwaite degrees of freedom) against the metric's tolerance as a "
                   + "non-inferiority margin, Holm-corrected across the metrics at α = 0.05. *not worse*: every metric's harm is "
                   + "shown below its margin; *worse*: a metric's interval lies wholly beyond its margin, a metric is missing on the "
                   + "candidate, or a candidate cell failed where the baseline finished; *inconclusive*: otherwise, with the seeds per "
                   + "dataset a power estimate (80 %) says would settle it.")
        out.append("")
        out.append("Tolerances: " + HeadlineMetric.all.map { m in
            "\(m.name) \(num(c.tolerances[m.name] ?? m.defaultTolerance)) (\(m.path.direction == .maximize ? "higher" : "lower") is better)"
        }.joined(separator: ", ") + ".")
        out.append("")
        out.append("## Verdicts")
        out.append("")
        out += table(["method", "verdict", "datasets", "seeds needed", "reasons"], c.verdicts.map { v in
            [v.method, v.outcome.rawValue.replacingOccurrences(of: "_", with: " "), v.datasets.joined(separator: ", "),
             v.seedsNeeded.map { "\($0) per dataset" } ?? "-", v.reasons.isEmpty ? "-" : v.reasons.joined(separator: "; ")]
        })
        out.append("")
        out.append("## Migration checklist")
        out.append("")
        out += table(["item", "status", "evidence"], c.checklist.map { [$0.item, $0.status.rawValue, $0.evidence] })
        out.append("")
        out.append("## Metric verdicts")
        out.append("")
        out += table(["method", "metric", "margin", "harm [95 % CI]", "pairs (datasets)", "Holm p (not worse)", "Holm p (worse)", "verdict"],
                     c.verdicts.flatMap { v in v.metrics.map { m in
            [v.method, m.metric, num(m.margin), "\(signed(m.harm)) [\(signed(m.lower)), \(signed(m.upper))]", "\(m.pairs) (\(m.datasets))",
             String(format: "%.3g", m.pNotWorse), String(format: "%.3g", m.pWorse),
             m.outcome.rawValue.replacingOccurrences(of: "_", with: " ") + (m.seedsNeeded.map { ", add seeds: about \($0) per dataset" } ?? "")]
        } })
        out.append("")
        out.append("## Per method and dataset")
        out.append("")
        let metricHeaders = HeadlineMetric.all.map { "Δ \($0.name)" }
        out += table(["method", "dataset", "pairs (both ok)"] + metricHeaders + ["time ratio", "fit time ratio", "memory ratio"],
                     c.groups.map { g in
            [g.methodLabel, g.dataset, "\(g.pairs) (\(g.pairsCompared))"]
                + g.metrics.map { m in
                    guard let d = m.delta else { return m.missingOnCandidate > 0 ? "missing on candidate" : "-" }
                    let ci = m.harmInterval.map { " harm [\(signed($0[0])), \(signed($0[1]))]" } ?? ""
                    return "\(signed(d.mean)) ± \(d.sd.map(num) ?? "-") (n=\(d.n))\(ci)"
                }
                + [g.timeRatio, g.fitTimeRatio, g.memoryRatio].map { $0.map { String(format: "%.3g×", $0) } ?? "-" }
        })
        out.append("")
        out.append("## Failures")
        out.append("")
        let failures = c.groups.flatMap { g in g.failures.map { (g, $0) } }
        if failures.isEmpty { out.append("None.") } else {
            out += table(["method", "dataset", "seed", "failed side", "baseline", "candidate", "cell", "phase", "error"], failures.map { g, f in
                [g.methodLabel, g.dataset, String(f.seed), f.side + (f.candidateRegression ? " (regression)" : ""),
                 f.baselineStatus.rawValue, f.candidateStatus.rawValue, f.cellID, f.phase, f.error ?? "-"]
            })
        }
        out.append("")
        out.append("## Fallbacks")
        out.append("")
        let fallbacks = c.groups.flatMap { g in g.fallbacks.map { (g, $0) } }
        if fallbacks.isEmpty { out.append("None.") } else {
            out += table(["method", "dataset", "seed", "side", "requested", "used", "reason"], fallbacks.map { g, f in
                [g.methodLabel, g.dataset, String(f.seed), f.side, f.requested, f.used, f.reason ?? "-"]
            })
        }
        if !c.unpaired.isEmpty {
            out.append("")
            out.append("## Unpaired cells")
            out.append("")
            out.append("These cells have no partner on the other backend and are left out of the deltas.")
            out.append("")
            out += table(["cell", "dataset", "method", "backend", "seed", "status"], c.unpaired.map {
                [$0.cellID, $0.dataset, $0.method, $0.backendRequested, String($0.seed), $0.status.rawValue]
            })
        }
        if c.otherBackendCells > 0 {
            out.append("")
            out.append("\(c.otherBackendCells) cell(s) on other backends are not part of the pairing (they are in the leaderboard).")
        }
        out.append("")
        out += leaderboard(c.leaderboard)
        out.append("")
        out += ranking(c.ranking)
        out.append("")
        out += tradeOffs(c.tradeOffs)
        return out.joined(separator: "\n") + "\n"
    }

    static func leaderboard(_ l: Leaderboard) -> [String] {
        var out = ["## Leaderboard", "",
                   "SDGym's rule: a method x backend wins a dataset iff its mean quality is at least the Gaussian copula's "
                   + "(`\(l.copulaMethod)`) there and it is on the quality/time Pareto front (no other row has strictly higher "
                   + "quality and strictly lower mean time). Scores are SDGym's adjusted ones when the dataset has a finished "
                   + "`\(Leaderboard.uniformMethod)` cell: time = Uniform's fit + fit + sample (+ Uniform's sample for a failed cell), "
                   + "and a failed cell counts with Uniform's quality. Quality: \(l.quality).", ""]
        for b in l.datasets {
            out.append("### \(b.dataset)")
            out.append("")
            if let q = b.copulaQuality { out.append("Copula quality to beat: \(num(q)) (\(l.copulaMethod) on \(b.copulaBackend ?? "?")).") }
            for note in b.notes { out.append(note.prefix(1).uppercased() + note.dropFirst() + ".") }
            out.append("")
            out += table(["method", "backend", "quality", b.adjusted ? "adjusted time (s)" : "fit + sample time (s)", "cells",
                          "failed (scored as Uniform)", "Pareto front", "≥ copula", "win"], b.entries.map { e in
                [e.method, e.backend, num(e.quality), String(format: "%.3g", e.timeS), String(e.cells), String(e.failedCells),
                 e.onParetoFront ? "yes" : "no", e.atLeastCopula.map { $0 ? "yes" : "no" } ?? "-", e.wins ? "**win**" : "-"]
            })
            out.append("")
        }
        out.append("### Wins across datasets")
        out.append("")
        out += table(["method", "backend", "datasets", "wins", "mean quality"], l.summary.map {
            [$0.method, $0.backend, String($0.datasets), String($0.wins), num($0.meanQuality)]
        })
        return out
    }

    static func ranking(_ f: FriedmanTest?) -> [String] {
        var out = ["## Ranking across datasets (Friedman, Nemenyi)", ""]
        guard let f else {
            out.append("Not computed: it needs at least two datasets and two method x backend rows with a quality on every dataset.")
            return out
        }
        out.append("Every method x backend ranked by quality within each dataset (1 = best, ties averaged), then Friedman's test "
                   + "over the \(f.datasets.count) datasets: χ²_F = \(String(format: "%.3f", f.statistic)) with \(f.degreesOfFreedom) degrees of freedom, "
                   + "p = \(String(format: "%.3g", f.pValue)). "
                   + (f.criticalDifference.map { "Nemenyi critical difference at α = 0.05: \(String(format: "%.3f", $0)) (average ranks closer than this are not significantly different; `plots/compare_cd`)." } ?? ""))
        out.append("")
        let order = f.methods.indices.sorted { f.averageRanks[$0] < f.averageRanks[$1] }
        out += table(["method (backend)", "average rank"], order.map { [f.methods[$0], String(format: "%.2f", f.averageRanks[$0])] })
        return out
    }

    static func tradeOffs(_ rows: [TradeOffTable.Row]) -> [String] {
        ["## Quality, time and privacy", "",
         "Means over datasets (quality and time as in the leaderboard; privacy: `privacy.mia_auc`, lower is better). "
         + "A row is on the Pareto front iff no other row is at least as good on all three and strictly better on one.", ""]
        + table(["method", "backend", "quality", "time (s)", "mia_auc", "Pareto front"], rows.map {
            [$0.method, $0.backend, num($0.quality), String(format: "%.3g", $0.timeS), $0.miaAUC.map(num) ?? "-",
             $0.miaAUC == nil ? "-" : $0.onFront ? "yes" : "no"]
        })
    }

    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        return ["| " + header.map(cell).joined(separator: " | ") + " |",
                "|" + header.map { _ in "---" }.joined(separator: "|") + "|"]
            + rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
    }

    static func num(_ x: Double) -> String { String(format: "%.4f", x) }
    static func signed(_ x: Double) -> String { String(format: "%+.4f", x) }
}
