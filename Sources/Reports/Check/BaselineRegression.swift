import Foundation
import Harness

/// The statistical half of `check --baseline` (docs/reports.md, "Verdict statistics"): a run's finished
/// cells are paired with the baseline run's cells of the same dataset, method, requested backend, seed and
/// parameters; per method x backend x parameters, each toleranced metric's paired worsening over seeds and
/// datasets goes through ``NonInferiorityTest`` with the tolerance as its margin (Holm across the metrics).
/// Only a metric whose interval lies wholly beyond its margin is a `regressed` violation; an inconclusive
/// one is a note that says how many seeds would settle it. A value the baseline has and the cell lacks is
/// a `missing` violation of that cell; a value the baseline lacks is never skipped silently: it is a
/// "not comparable" line (which `check --strict` fails on).
struct BaselineRegression {
    let tolerances: [MetricPath: Double]
    let quality: QualityMeasure

    struct Outcome {
        var violations: [CheckReport.Violation] = []
        var notes: [String] = []
        var notComparable: [String] = []
    }

    func check(_ run: RunCells, against baseline: RunCells) -> Outcome {
        var out = Outcome()
        var byKey: [String: CellResult] = [:]
        for b in baseline.cells { byKey[ThresholdCheck.matchKey(b)] = b }
        var pairs: [[String]: [(cell: CellResult, base: CellResult)]] = [:]
        for c in run.cells where c.status == .ok {
            guard let b = byKey[ThresholdCheck.matchKey(c)] else {
                out.notes.append("\(c.cellID): no baseline cell with the same dataset, method, backend, seed and parameters")
                continue
            }
            guard b.status == .ok else {
                out.notes.append("\(c.cellID): its baseline cell \(b.cellID) did not finish (\(b.status.rawValue)); no regression check")
                continue
            }
            pairs[[c.method, c.backendRequested, CellGroupKey.text(c.params)], default: []].append((c, b))
        }
        let metrics = tolerances.keys.sorted()
        for key in pairs.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let group = pairs[key]!.sorted { ($0.cell.dataset, $0.cell.seed) < ($1.cell.dataset, $1.cell.seed) }
            let datasets = Array(Set(group.map(\.cell.dataset))).sorted()
            var inputs: [NonInferiorityTest.Input] = []
            for path in metrics {
                var strata: [[Double]] = datasets.map { _ in [] }
                for p in group {
                    guard let ref = path.value(in: p.base, quality: quality) else {
                        let own = path.value(in: p.cell, quality: quality).map { "the run has \(fmt($0))" } ?? "the run lacks it too"
                        out.notComparable.append("\(p.cell.cellID): \(path) (tolerance \(fmt(tolerances[path]!))) cannot be checked: the baseline cell \(p.base.cellID) has no value (\(own))")
                        continue
                    }
                    guard let v = path.value(in: p.cell, quality: quality) else {
                        out.violations.append(violation(p.cell, .missing, path: path, value: nil, baseline: ref,
                                                        "\(path) is missing (null) but the baseline has \(fmt(ref))"))
                        continue
                    }
                    strata[datasets.firstIndex(of: p.cell.dataset)!].append(path.worsening(from: ref, to: v))
                }
                inputs.append(.init(metric: path.rawValue, margin: tolerances[path]!, strata: strata))
            }
            let label = "\(key[0]) on \(key[1])\(key[2].isEmpty ? "" : " [\(key[2])]")"
            for v in NonInferiorityTest.judge(inputs) {
                let path = metrics.first { $0.rawValue == v.metric }!
                let summary = "\(path) worsening \(fmt(v.harm)) [95 % CI \(fmt(v.lower)), \(fmt(v.upper))] over \(v.pairs) seed pair(s) on \(v.datasets) dataset(s), tolerance \(fmt(v.margin))"
                switch v.outcome {
                case .notWorse: continue
                case .worse:
                    out.violations.append(violation(group[0].cell, .regressed, path: path, value: nil, baseline: nil,
                                                    "\(label): \(summary): regressed beyond the tolerance (Holm p = \(fmt(v.pWorse)))"))
                case .inconclusive:
                    let advice = v.seedsNeeded.map { "about \($0) seeds per dataset would settle it" } ?? v.note ?? "the worsening sits on the tolerance"
                    out.notes.append("\(label): \(summary): inconclusive, add seeds (\(advice))")
                }
            }
        }
        return out
    }

    func violation(_ c: CellResult, _ kind: CheckReport.Kind, path: MetricPath, value: Double?, baseline: Double?,
                   _ what: String) -> CheckReport.Violation {
        let tol = tolerances[path]
        let limit = baseline.flatMap { ref in tol.map { path.direction == .maximize ? ref - $0 : ref + $0 } }
        return .init(cellID: c.cellID, dataset: c.dataset, method: c.method, backend: c.backendRequested, seed: c.seed,
                     kind: kind, metric: path.rawValue, value: value, limit: limit, baselineValue: baseline, tolerance: tol,
                     status: c.status, message: "\(c.cellID) (\(c.method), \(c.backendRequested), \(c.dataset), seed \(c.seed)): \(what)")
    }

    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
}
