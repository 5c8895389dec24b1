import Foundation

/// The migration checklist of a backend comparison (`comparison.md`): can the candidate backend replace
/// the baseline? Each item holds, fails or is inconclusive, with its evidence.
/// - all methods work: no candidate cell failed where its baseline finished;
/// - metrics comparable: every headline metric the baseline has is present on the candidate, and the
///   utility metrics (quality, ks_mean, corr_delta, auroc) are statistically not worse;
/// - performance acceptable: the geometric mean over method x dataset of the candidate / baseline total
///   time is at most ``timeBudget``;
/// - privacy maintained: mia_auc and dup_rate are statistically not worse;
/// - reports generate: every finished cell has the run's quality measure and the comparison was built.
package enum MigrationChecklist {
    package enum Status: String, Codable, Sendable { case pass, fail, inconclusive }

    package struct Item: Codable, Sendable, Equatable {
        package var item: String
        package var status: Status
        package var evidence: String
    }

    /// The largest acceptable geometric-mean time ratio (candidate / baseline).
    package static let timeBudget = 2.0
    static let utilityMetrics = ["quality", "ks_mean", "corr_delta", "auroc"]
    static let privacyMetrics = ["mia_auc", "dup_rate"]

    package static func items(_ c: BackendComparison) -> [Item] {
        let regressions = c.groups.flatMap { g in g.failures.filter(\.candidateRegression).map { "\(g.methodLabel)/\(g.dataset) seed \($0.seed)" } }
        let finished = c.groups.reduce(0) { $0 + $1.pairsCompared }, pairs = c.groups.reduce(0) { $0 + $1.pairs }
        var out = [Item(item: "all methods work", status: regressions.isEmpty ? .pass : .fail,
                        evidence: regressions.isEmpty
                            ? "\(finished) of \(pairs) pairs finished on both sides; no candidate failure where the baseline finished"
                            : "candidate failed where the baseline finished: " + regressions.joined(separator: ", "))]
        let missing = c.groups.flatMap { g in g.metrics.filter { $0.missingOnCandidate > 0 }.map { "\($0.metric) on \(g.methodLabel)/\(g.dataset)" } }
        var comparable = statistical(c, utilityMetrics)
        if !missing.isEmpty {
            comparable = Item(item: "", status: .fail, evidence: "missing on the candidate: " + missing.joined(separator: ", ") + "; " + comparable.evidence)
        }
        comparable.item = "metrics comparable"
        out.append(comparable)
        let ratios = c.groups.compactMap(\.timeRatio)
        if let g = SampleSummary.geometricMean(ratios) {
            out.append(Item(item: "performance acceptable", status: g <= timeBudget ? .pass : .fail,
                            evidence: String(format: "total time ratio %.3g× (geometric mean over %d method x dataset groups; budget %.3g×)",
                                             g, ratios.count, timeBudget)))
        } else {
            out.append(Item(item: "performance acceptable", status: .inconclusive, evidence: "no pair with both times"))
        }
        var privacy = statistical(c, privacyMetrics)
        privacy.item = "privacy maintained"
        out.append(privacy)
        let withoutQuality = c.groups.reduce(0) { n, g in
            n + (g.metrics.first { $0.metric == "quality" }.map { g.pairsCompared - ($0.delta?.n ?? 0) } ?? 0)
        }
        out.append(Item(item: "reports generate", status: withoutQuality == 0 ? .pass : .fail,
                        evidence: withoutQuality == 0
                            ? "every finished pair has \(c.qualityLabel); comparison.json, comparison.md and plots written"
                            : "\(withoutQuality) finished pair(s) without \(c.qualityLabel)"))
        return out
    }

    /// Pass when every method's verdict on each of `metrics` is not worse, fail when one is worse,
    /// otherwise inconclusive; the evidence counts them.
    static func statistical(_ c: BackendComparison, _ metrics: [String]) -> Item {
        var worse: [String] = [], open: [String] = [], ok = 0
        for v in c.verdicts {
            for m in v.metrics where metrics.contains(m.metric) {
                switch m.outcome {
                case .worse: worse.append("\(m.metric) on \(v.method)")
                case .inconclusive: open.append("\(m.metric) on \(v.method)")
                case .notWorse: ok += 1
                }
            }
        }
        let status: Status = !worse.isEmpty ? .fail : open.isEmpty && ok > 0 ? .pass : .inconclusive
        var parts = ["\(ok) method x metric verdict(s) not worse (\(metrics.joined(separator: ", ")))"]
        if !worse.isEmpty { parts.append("worse: " + worse.joined(separator: ", ")) }
        if !open.isEmpty { parts.append("inconclusive: " + open.joined(separator: ", ")) }
        return Item(item: "", status: status, evidence: parts.joined(separator: "; "))
    }
}
