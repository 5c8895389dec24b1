import Foundation
import Harness

/// The HTML report's content as the template reads it (``ReportTemplates``): every figure already
/// formatted as text, every table as rows. It renders the run's cells, the ``BackendComparison`` model
/// and the figure builders' charts as they are; it computes no statistic of its own. Values from data are
/// left raw here: the template escapes them (`{{name}}`); only the SVG, which ``SVGChartRenderer`` escapes
/// itself, goes in unescaped.
struct ReportPage {
    let input: RunReport.Input

    /// The template's context: nested dictionaries and arrays of strings.
    var context: [String: Any] {
        let run = input.cells
        var c: [String: Any] = [
            "title": title,
            "sources": input.runs.map { ["path": $0.directory.path] },
            "summary": summary(run),
            "figures": figures,
            "cells": run.cells.map(cellRow),
            "quality_label": run.quality.label,
            "failures": run.failed.map(failureRow),
            "fallbacks": run.cells.filter { $0.backend != nil && $0.backend != $0.backendRequested }.map(fallbackRow),
            "environments": input.runs.map(environment),
            "kernels": kernels(run),
            "privacy": privacy(run),
            "version": SynthBenchVersion.string,
        ]
        var comparisons: [[String: Any]] = []
        if let comparison = input.comparison {
            comparisons.append(self.comparison(comparison, heading: "", source: input.comparisonSource))
        } else {
            c["no_comparison"] = input.comparisonSource
        }
        for pair in input.reference?.pairs ?? [] {
            let heading = "Reference \(pair.kind): \(pair.comparison.candidate) vs \(pair.comparison.baseline)"
            comparisons.append(self.comparison(pair.comparison, heading: heading,
                                               source: "reference-comparison.json, as written by synthbench compare --reference"))
        }
        c["comparisons"] = comparisons
        return c
    }

    var title: String {
        let experiment = input.cells.cells.first?.experiment ?? "run"
        let ids = Array(Set(input.cells.cells.map(\.runID))).sorted()
        return "SynthBench report: \(experiment) / \(ids.joined(separator: " + "))"
    }

    // MARK: summary

    func summary(_ run: RunCells) -> [String: Any] {
        let cells = run.cells
        var s: [String: Any] = [
            "experiment": Array(Set(cells.map(\.experiment))).sorted().joined(separator: ", "),
            "run_id": Array(Set(cells.map(\.runID))).sorted().joined(separator: ", "),
            "cells": String(cells.count), "finished": String(run.finished.count), "failed": String(run.failed.count),
            "fallbacks": String(cells.filter { $0.backend != nil && $0.backend != $0.backendRequested }.count),
            "datasets": Array(Set(cells.map(\.dataset))).sorted().joined(separator: ", "),
            "methods": Array(Set(cells.map(\.method))).sorted().joined(separator: ", "),
            "backends": run.backends.joined(separator: ", "),
            "seeds": Array(Set(cells.map(\.seed))).sorted().map(String.init).joined(separator: ", "),
            "quality": run.quality.label,
        ]
        let pending = input.runs.flatMap(\.pending)
        if !pending.isEmpty { s["pending"] = "\(pending.count) cell(s) have no result yet: " + pending.joined(separator: ", ") }
        let labelled = input.comparison == nil ? input.reference?.pairs.map(\.comparison) ?? [] : [input.comparison!]
        s["verdicts"] = labelled.flatMap { c in c.verdicts.map {
            ["method": $0.method + (input.comparison == nil ? " (\(c.candidate) vs \(c.baseline))" : ""),
             "outcome": words($0.outcome.rawValue), "class": $0.outcome.rawValue]
        } }
        return s
    }

    // MARK: figures

    var figures: [[String: Any]] {
        let renderer = SVGChartRenderer()
        return input.figures.map { f in
            ["name": f.name, "title": f.title, "svg": renderer.render(f.chart, idPrefix: f.name)]
        }
    }

    // MARK: cells

    func cellRow(_ c: CellResult) -> [String: Any] {
        let used = c.backend.map { $0 == c.backendRequested ? "" : " → \($0)" } ?? ""
        let sd = c.metrics.suites["sdmetrics"]
        return [
            "id": c.cellID, "status": c.status.rawValue, "status_class": c.status == .ok ? "ok" : "bad",
            "method": c.params.isEmpty ? c.method : "\(c.method) [\(CellGroupKey.text(c.params))]",
            "backend": c.backendRequested + used, "dataset": c.dataset, "seed": String(c.seed),
            "quality": num(input.cells.quality.value(in: c)),
            "shape": num(sd?["column_shapes"] ?? nil), "pair": num(sd?["column_pair_trends"] ?? nil),
            "mia": num(c.metrics.privacy?.miaAUC), "dup": num(c.metrics.privacy?.dupRate),
            "epsilon": c.metrics.privacy?.dpEpsilon.map { String(format: "%.3g", $0) } ?? (c.dpRequested ? "not in effect" : "-"),
            "fit": seconds(c.timingsS.fit), "sample": seconds(c.timingsS.sample), "total": seconds(c.timingsS.total),
            "peak": c.peakRSSMB.map { String(format: "%.0f", $0) } ?? "-",
            "fit_rps": rate(c.throughputRowsPerS.fit), "sample_rps": rate(c.throughputRowsPerS.sample),
        ]
    }

    func failureRow(_ c: CellResult) -> [String: Any] {
        ["id": c.cellID, "dataset": c.dataset, "method": c.method, "backend": c.backendRequested, "seed": String(c.seed),
         "status": c.status.rawValue, "phase": c.phase, "error": c.error ?? "-"]
    }

    func fallbackRow(_ c: CellResult) -> [String: Any] {
        ["id": c.cellID, "requested": c.backendRequested, "used": c.backend ?? "-", "reason": c.fallbackReason ?? "-"]
    }

    // MARK: comparison

    /// One comparison's tables; `heading` names it when the page shows several (the reference pairs).
    func comparison(_ c: BackendComparison, heading: String, source: String) -> [String: Any] {
        let anchor = heading.isEmpty ? "" : "-" + "\(c.candidate)-vs-\(c.baseline)"
        var out: [String: Any] = [
            "anchor": anchor,
            "candidate": c.candidate, "baseline": c.baseline, "source": source, "quality": c.qualityLabel,
            "tolerances": HeadlineMetric.all.map { m in
                ["metric": m.name, "value": num(c.tolerances[m.name] ?? m.defaultTolerance),
                 "better": m.path.direction == .maximize ? "higher" : "lower"]
            },
            "verdicts": c.verdicts.map { v in
                ["method": v.method, "outcome": words(v.outcome.rawValue), "class": v.outcome.rawValue,
                 "datasets": v.datasets.joined(separator: ", "),
                 "seeds_needed": v.seedsNeeded.map { "\($0) per dataset" } ?? "-",
                 "reasons": v.reasons.map { ["text": $0] }] as [String: Any]
            },
            "metric_verdicts": c.verdicts.flatMap { v in v.metrics.map { m in
                ["method": v.method, "metric": m.metric, "margin": num(m.margin),
                 "harm": "\(signed(m.harm)) [\(signed(m.lower)), \(signed(m.upper))]",
                 "pairs": "\(m.pairs) (\(m.datasets))", "p_not_worse": String(format: "%.3g", m.pNotWorse),
                 "p_worse": String(format: "%.3g", m.pWorse), "outcome": words(m.outcome.rawValue), "class": m.outcome.rawValue,
                 "advice": m.seedsNeeded.map { "add seeds: about \($0) per dataset" } ?? m.note ?? ""]
            } },
            "checklist": c.checklist.map { ["item": $0.item, "status": $0.status.rawValue, "evidence": $0.evidence] },
            "metric_names": HeadlineMetric.all.map { ["name": "Δ \($0.name)"] },
            "groups": c.groups.map { g in
                ["method": g.methodLabel, "dataset": g.dataset, "pairs": "\(g.pairs) (\(g.pairsCompared))",
                 "deltas": g.metrics.map { m -> [String: String] in
                     guard let d = m.delta else { return ["text": m.missingOnCandidate > 0 ? "missing on candidate" : "-"] }
                     let ci = m.harmInterval.map { " harm [\(signed($0[0])), \(signed($0[1]))]" } ?? ""
                     return ["text": "\(signed(d.mean)) ± \(d.sd.map(num) ?? "-") (n=\(d.n))\(ci)"]
                 },
                 "time": ratio(g.timeRatio), "fit": ratio(g.fitTimeRatio), "memory": ratio(g.memoryRatio)] as [String: Any]
            },
            "wins": c.leaderboard.summary.map {
                ["method": $0.method, "backend": $0.backend, "datasets": String($0.datasets), "wins": String($0.wins),
                 "quality": num($0.meanQuality)]
            },
            "trade_offs": c.tradeOffs.map {
                ["method": $0.method, "backend": $0.backend, "quality": num($0.quality), "time": String(format: "%.3g", $0.timeS),
                 "mia": num($0.miaAUC), "front": $0.miaAUC == nil ? "-" : $0.onFront ? "yes" : "no"]
            },
            "copula": c.leaderboard.copulaMethod,
        ]
        if let f = c.ranking {
            let order = f.methods.indices.sorted { f.averageRanks[$0] < f.averageRanks[$1] }
            out["ranking"] = [
                "datasets": String(f.datasets.count), "statistic": String(format: "%.3f", f.statistic),
                "dof": String(f.degreesOfFreedom), "p": String(format: "%.3g", f.pValue),
                "cd": f.criticalDifference.map { String(format: "%.3f", $0) } ?? "not computed",
                "rows": order.map { ["method": f.methods[$0], "rank": String(format: "%.2f", f.averageRanks[$0])] },
            ] as [String: Any]
        }
        let unpaired = c.unpaired.map {
            ["id": $0.cellID, "dataset": $0.dataset, "method": $0.method, "backend": $0.backendRequested,
             "seed": String($0.seed), "status": $0.status.rawValue]
        }
        if !unpaired.isEmpty { out["unpaired"] = unpaired }
        if !heading.isEmpty { out["heading"] = heading }   // absent, not empty: a section shows for any string
        return out
    }

    // MARK: environment

    func environment(_ run: RunReport.Input.Source) -> [String: Any] {
        guard let e = run.environment else {
            return ["path": run.directory.path, "missing": "no environment.json or results.json in this run directory"]
        }
        let selection = e.blas.selection.map { "\($0.selection.rawValue)" } ?? "not recorded"
        return [
            "path": run.directory.path, "version": e.synthbenchVersion,
            "git": (e.gitCommit.map { String($0.prefix(12)) } ?? "-") + (e.gitDirty == true ? " (uncommitted changes)" : "")
                + (e.buildConfiguration.map { ", \($0) build" } ?? ""),
            "swift": e.swiftCompiler + (e.swiftToolchain.map { "; \($0)" } ?? ""),
            "cpu": e.cpuModel ?? "-", "cores": String(e.cores),
            "memory": e.memoryTotalMB.map { String(format: "%.0f MB", $0) } ?? "-",
            "kernel": e.blas.core + (e.blas.coretypeEnv.map { " (OPENBLAS_CORETYPE=\($0))" } ?? ""), "selection": selection,
            "threads": String(e.blas.threads), "config": e.blas.config,
            "os": [e.os.name ?? e.os.kernel, e.os.release, e.os.machine].joined(separator: " "),
            "host": e.hostname, "jobs": String(e.jobs), "started": e.startedAt, "finished": e.finishedAt ?? "not finished",
        ]
    }

    /// The BLAS kernels the cells recorded (a run resumed on another machine can have several).
    func kernels(_ run: RunCells) -> [[String: String]] {
        var seen: [String: Int] = [:]
        for c in run.cells {
            let k = c.blasKernel.map { "\($0.core) (\($0.selection.rawValue))" } ?? "not recorded"
            seen["\(k), \(c.blasThreads) thread(s)", default: 0] += 1
        }
        return seen.keys.sorted().map { ["kernel": $0, "cells": String(seen[$0]!)] }
    }

    // MARK: privacy

    func privacy(_ run: RunCells) -> [String: Any] {
        let assessed = run.cells.filter { $0.privacyAssessment != nil }
        var counts: [String: Int] = [:]
        var advice: [String: Int] = [:], adviceOrder: [String] = []
        for c in assessed {
            let a = c.privacyAssessment!
            counts[a.risk.rawValue, default: 0] += 1
            for r in a.recommendations {
                if advice[r] == nil { adviceOrder.append(r) }
                advice[r, default: 0] += 1
            }
        }
        let rows = assessed.map { c -> [String: Any] in
            let a = c.privacyAssessment!
            return ["id": c.cellID, "method": c.method, "backend": c.backendRequested, "dataset": c.dataset, "seed": String(c.seed),
                    "risk": a.risk.rawValue, "dp_score": a.dpScore.map { String(format: "%.3f", $0) } ?? "-",
                    "reasons": a.reasons.isEmpty ? "-" : a.reasons.joined(separator: "; ")]
        }
        return [
            "assessed": String(assessed.count), "not_assessed": String(run.cells.count - assessed.count),
            "risks": ["high", "medium", "low", "unknown"].filter { counts[$0] != nil }.map { ["risk": $0, "cells": String(counts[$0]!)] },
            "rows": rows,
            "recommendations": adviceOrder.map { ["text": $0, "cells": String(advice[$0]!)] },
        ]
    }

    // MARK: formatting

    func num(_ x: Double?) -> String { x.map { $0.isFinite ? String(format: "%.4f", $0) : "-" } ?? "-" }
    func signed(_ x: Double) -> String { String(format: "%+.4f", x) }
    func seconds(_ x: Double?) -> String { x.map { String(format: "%.3g", $0) } ?? "-" }
    func rate(_ x: Double?) -> String { x.flatMap { $0.isFinite ? String(format: "%.3g", $0) : nil } ?? "-" }
    func ratio(_ x: Double?) -> String { x.map { String(format: "%.3g×", $0) } ?? "-" }
    func words(_ s: String) -> String { s.replacingOccurrences(of: "_", with: " ") }
}
