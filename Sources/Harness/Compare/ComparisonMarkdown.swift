import Foundation

/// `comparison.md`: the comparison as a page a reviewer reads top to bottom: verdicts, per method x
/// dataset deltas and ratios, failures, fallbacks, unpaired cells, and the leaderboard.
public enum ComparisonMarkdown {
    public static func render(_ c: BackendComparison) -> String {
        var out: [String] = []
        out.append("# Backend comparison: \(c.candidate) (candidate) vs \(c.baseline) (baseline)")
        out.append("")
        out.append("Run `\(c.runDirectory)` (experiment `\(c.experiment)`, run `\(c.runID)`). Quality: \(c.qualityLabel).")
        out.append("")
        out.append("Cells are paired when they differ only in backend: same dataset, method as named in the grid, seed and parameters. "
                   + "Deltas are candidate − baseline, mean ± sample sd over the seeds where both finished (n). "
                   + "Ratios are candidate / baseline, geometric mean over those seeds. "
                   + "The candidate is *not worse* for a method iff on every dataset every headline metric's mean delta "
                   + "in the harmful direction is within its tolerance and no candidate cell failed where the baseline finished.")
        out.append("")
        out.append("Tolerances: " + HeadlineMetric.all.map { m in
            "\(m.name) \(num(c.tolerances[m.name] ?? m.defaultTolerance)) (\(m.path.direction == .maximize ? "higher" : "lower") is better)"
        }.joined(separator: ", ") + ".")
        out.append("")
        out.append("## Verdicts")
        out.append("")
        out += table(["method", "verdict", "datasets", "reasons"], c.verdicts.map { v in
            [v.method, v.outcome.rawValue.replacingOccurrences(of: "_", with: " "), v.datasets.joined(separator: ", "),
             v.reasons.isEmpty ? "-" : v.reasons.joined(separator: "; ")]
        })
        out.append("")
        out.append("## Per method and dataset")
        out.append("")
        let metricHeaders = HeadlineMetric.all.map { "Δ \($0.name)" }
        out += table(["method", "dataset", "pairs (both ok)"] + metricHeaders + ["time ratio", "fit time ratio", "memory ratio"],
                     c.groups.map { g in
            [g.methodLabel, g.dataset, "\(g.pairs) (\(g.pairsCompared))"]
                + g.metrics.map { m in
                    guard let d = m.delta else { return m.missingOnCandidate > 0 ? "missing on candidate" : "-" }
                    let flag = m.withinTolerance == false ? " **worse**" : ""
                    return "\(signed(d.mean)) ± \(d.sd.map(num) ?? "-") (n=\(d.n))\(flag)"
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

    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        return ["| " + header.map(cell).joined(separator: " | ") + " |",
                "|" + header.map { _ in "---" }.joined(separator: "|") + "|"]
            + rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
    }

    static func num(_ x: Double) -> String { String(format: "%.4f", x) }
    static func signed(_ x: Double) -> String { String(format: "%+.4f", x) }
}
