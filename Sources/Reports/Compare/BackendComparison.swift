import Evaluation
import Foundation
import Harness

/// The backend comparison of one run (issue 4, item 7; statistics from issue 14): cells that differ only
/// in backend are paired (same dataset, method as the grid names it, seed and parameters;
/// backend_requested baseline vs candidate), and per method x dataset the comparison reports the headline
/// metric deltas (candidate − baseline, mean ± sd over the seeds where both sides finished, with a 95 %
/// t interval), time and memory ratios (candidate / baseline, geometric mean over seeds),
/// fallbacks and failures, then a verdict per method.
///
/// Verdict (``NonInferiorityTest``): per headline metric, the mean paired harm over seeds and datasets is
/// tested (Welch t, stratified by dataset) against the metric's tolerance as a non-inferiority margin, Holm-corrected
/// across the metrics. The candidate is `worse` for a method when a candidate cell failed where its
/// baseline finished, a headline metric the baseline has is missing on the candidate, or a metric's
/// interval lies wholly beyond its margin; `not_worse` when every compared metric is shown within its
/// margin; otherwise `inconclusive`, with the seeds per dataset a power estimate says are needed.
package struct BackendComparison: Codable, Sendable {
    package static let schemaVersion = 2

    package var schemaVersion = BackendComparison.schemaVersion
    package var runDirectory: String
    package var experiment: String
    package var runID: String
    package var baseline: String
    package var candidate: String
    package var quality: QualityMeasure
    package var qualityLabel: String
    package var tolerances: [String: Double]
    package var groups: [Group]
    package var verdicts: [Verdict]
    /// Baseline or candidate cells with no partner on the other backend.
    package var unpaired: [CellRef]
    /// Cells on other backends, not part of the pairing.
    package var otherBackendCells: Int
    package var leaderboard: Leaderboard
    /// Friedman's test over every method x backend of the run, ranked by quality across datasets, with the
    /// Nemenyi critical difference; nil when fewer than two datasets or methods have a quality everywhere.
    package var ranking: FriedmanTest?
    /// Quality, time and privacy per method x backend with their three-way Pareto front.
    package var tradeOffs: [TradeOffTable.Row]
    /// The migration checklist: each item, whether it holds and its evidence.
    package var checklist: [MigrationChecklist.Item]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", runDirectory = "run_directory", experiment, runID = "run_id"
        case baseline, candidate, quality, qualityLabel = "quality_label", tolerances, groups, verdicts, unpaired
        case otherBackendCells = "other_backend_cells", leaderboard, ranking, tradeOffs = "trade_offs", checklist
    }

    /// A cell named in a list.
    package struct CellRef: Codable, Sendable, Equatable {
        package var cellID: String
        package var dataset: String
        package var method: String
        package var backendRequested: String
        package var seed: UInt64
        package var status: CellResult.Status

        init(_ c: CellResult) {
            cellID = c.cellID; dataset = c.dataset; method = c.method; backendRequested = c.backendRequested
            seed = c.seed; status = c.status
        }

        enum CodingKeys: String, CodingKey {
            case cellID = "cell_id", dataset, method, backendRequested = "backend_requested", seed, status
        }
    }

    /// One headline metric's delta in one group.
    package struct MetricDelta: Codable, Sendable, Equatable {
        package var metric: String
        package var path: String
        package var direction: MetricDirection
        package var tolerance: Double
        package var baselineMean: Double?
        package var candidateMean: Double?
        /// candidate − baseline over the pairs where both sides have a value.
        package var delta: SampleSummary?
        /// The same deltas one by one, in seed order.
        package var deltas: [Double]
        /// The mean delta turned so that positive means the candidate is worse.
        package var harm: Double?
        /// 95 % interval of the mean harm on this dataset (one-sample t, ``StratifiedTTest``); nil below two pairs.
        package var harmInterval: [Double]?
        /// Pairs where the baseline has a value and the candidate does not.
        package var missingOnCandidate: Int

        enum CodingKeys: String, CodingKey {
            case metric, path, direction, tolerance, baselineMean = "baseline_mean", candidateMean = "candidate_mean"
            case delta, deltas, harm, harmInterval = "harm_interval", missingOnCandidate = "missing_on_candidate"
        }

        /// The deltas turned so that positive means the candidate is worse.
        package var harms: [Double] { direction == .maximize ? deltas.map { -$0 } : deltas }
    }

    /// A side that did not finish.
    package struct Failure: Codable, Sendable, Equatable {
        package var seed: UInt64
        package var side: String
        package var baselineStatus: CellResult.Status
        package var candidateStatus: CellResult.Status
        package var cellID: String
        package var phase: String
        package var error: String?
        /// The candidate failed where the baseline finished: this alone makes the verdict `worse`.
        package var candidateRegression: Bool

        enum CodingKeys: String, CodingKey {
            case seed, side, baselineStatus = "baseline_status", candidateStatus = "candidate_status", cellID = "cell_id"
            case phase, error, candidateRegression = "candidate_regression"
        }
    }

    /// A cell that ran on another backend than the one requested.
    package struct Fallback: Codable, Sendable, Equatable {
        package var cellID: String
        package var side: String
        package var seed: UInt64
        package var requested: String
        package var used: String
        package var reason: String?

        enum CodingKeys: String, CodingKey { case cellID = "cell_id", side, seed, requested, used, reason }
    }

    /// One method (with its parameters) on one dataset.
    package struct Group: Codable, Sendable {
        package var method: String
        package var params: String
        package var dataset: String
        package var seeds: [UInt64]
        package var pairs: Int
        /// Pairs where both sides finished.
        package var pairsCompared: Int
        package var metrics: [MetricDelta]
        /// Geometric mean over seeds of candidate / baseline total seconds.
        package var timeRatio: Double?
        /// The same for fit seconds.
        package var fitTimeRatio: Double?
        /// The same for peak resident memory.
        package var memoryRatio: Double?
        package var fallbacks: [Fallback]
        package var failures: [Failure]

        package var methodLabel: String { params.isEmpty ? method : "\(method) [\(params)]" }

        enum CodingKeys: String, CodingKey {
            case method, params, dataset, seeds, pairs, pairsCompared = "pairs_compared", metrics
            case timeRatio = "time_ratio", fitTimeRatio = "fit_time_ratio", memoryRatio = "memory_ratio", fallbacks, failures
        }
    }

    package enum Outcome: String, Codable, Sendable { case notWorse = "not_worse", worse, inconclusive }

    package struct Verdict: Codable, Sendable, Equatable {
        package var method: String
        package var outcome: Outcome
        package var datasets: [String]
        package var reasons: [String]
        /// Candidate cells that failed where the baseline finished.
        package var failures: [String]
        /// The statistical verdict per headline metric compared.
        package var metrics: [NonInferiorityTest.MetricVerdict]
        /// For an inconclusive verdict: the largest number of seeds per dataset a metric's power estimate asks for.
        package var seedsNeeded: Int?

        enum CodingKeys: String, CodingKey {
            case method, outcome, datasets, reasons, failures, metrics, seedsNeeded = "seeds_needed"
        }
    }

    /// Compares `candidate` against `baseline` in `run`. Throws when the two are the same, either has no
    /// cell in the run, or two cells claim the same pair slot.
    package static func compare(_ run: RunCells, baseline: String = "sdv", candidate: String = "synthcity",
                               tolerances: ComparisonTolerances = .init()) throws(ReportError) -> BackendComparison {
        guard baseline != candidate else {
            throw .invalidOption(name: "--candidate", value: candidate, expected: "a backend other than the baseline")
        }
        for (name, option) in [(baseline, "--baseline"), (candidate, "--candidate")] where !run.backends.contains(name) {
            throw .unknownBackend(name: name, option: option, available: run.backends)
        }
        let quality = run.quality
        var sides: [CellGroupKey: (base: CellResult?, cand: CellResult?)] = [:]
        for c in run.cells where c.backendRequested == baseline || c.backendRequested == candidate {
            let key = CellGroupKey(c)
            var slot = sides[key] ?? (nil, nil)
            let isBase = c.backendRequested == baseline
            if let other = isBase ? slot.base : slot.cand {
                throw .duplicateCell(key: "\(key.dataset) / \(key.methodLabel) / \(c.backendRequested) / seed \(key.seed)",
                                     first: other.cellID, second: c.cellID)
            }
            if isBase { slot.base = c } else { slot.cand = c }
            sides[key] = slot
        }
        var unpaired: [CellRef] = []
        var pairsByGroup: [[String]: [(key: CellGroupKey, base: CellResult, cand: CellResult)]] = [:]
        for (key, slot) in sides {
            guard let b = slot.base, let c = slot.cand else {
                unpaired.append(CellRef((slot.base ?? slot.cand)!))
                continue
            }
            pairsByGroup[[key.method, key.params, key.dataset], default: []].append((key, b, c))
        }
        let groups = pairsByGroup.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { k in
            group(pairsByGroup[k]!.sorted { $0.key.seed < $1.key.seed }, quality: quality, tolerances: tolerances)
        }
        let cells = run.cells
        let verdicts = verdicts(groups, tolerances: tolerances)
        let leaderboard = Leaderboard.build(cells, quality: quality, copulaBackend: baseline)
        var comparison = BackendComparison(
            runDirectory: run.directory.path, experiment: cells.first?.experiment ?? "", runID: cells.first?.runID ?? "",
            baseline: baseline, candidate: candidate, quality: quality, qualityLabel: quality.label,
            tolerances: tolerances.values, groups: groups, verdicts: verdicts,
            unpaired: unpaired.sorted { $0.cellID < $1.cellID },
            otherBackendCells: cells.filter { $0.backendRequested != baseline && $0.backendRequested != candidate }.count,
            leaderboard: leaderboard, ranking: MethodRanking.friedman(leaderboard),
            tradeOffs: TradeOffTable.rows(cells, leaderboard: leaderboard, quality: quality), checklist: [])
        comparison.checklist = MigrationChecklist.items(comparison)
        return comparison
    }

    static func group(_ pairs: [(key: CellGroupKey, base: CellResult, cand: CellResult)], quality: QualityMeasure,
                      tolerances: ComparisonTolerances) -> Group {
        let first = pairs[0].key
        let both = pairs.filter { $0.base.status == .ok && $0.cand.status == .ok }
        let metrics = HeadlineMetric.all.map { m -> MetricDelta in
            var deltas: [Double] = [], baseValues: [Double] = [], candValues: [Double] = []
            var missing = 0
            for p in both {
                let b = m.path.value(in: p.base, quality: quality), c = m.path.value(in: p.cand, quality: quality)
                if let b { baseValues.append(b) }
                if let c { candValues.append(c) }
                if let b, let c { deltas.append(c - b) } else if b != nil { missing += 1 }
            }
            let delta = SampleSummary(deltas)
            let harms = m.path.direction == .maximize ? deltas.map { -$0 } : deltas
            let harm = delta.map { m.path.direction == .maximize ? -$0.mean : $0.mean }
            let interval = harms.count >= 2 ? StratifiedTTest(strata: [harms]).interval() : nil
            return MetricDelta(metric: m.name, path: m.path.rawValue, direction: m.path.direction,
                               tolerance: tolerances.tolerance(for: m),
                               baselineMean: SampleSummary(baseValues)?.mean, candidateMean: SampleSummary(candValues)?.mean,
                               delta: delta, deltas: deltas, harm: harm, harmInterval: interval.map { [$0.lower, $0.upper] },
                               missingOnCandidate: missing)
        }
        func ratio(_ value: (CellResult) -> Double?) -> Double? {
            SampleSummary.geometricMean(both.compactMap { p in
                guard let b = value(p.base), let c = value(p.cand), b > 0, c > 0 else { return nil }
                return c / b
            })
        }
        var fallbacks: [Fallback] = []
        var failures: [Failure] = []
        for p in pairs {
            for (side, c) in [("baseline", p.base), ("candidate", p.cand)] {
                if let used = c.backend, used != c.backendRequested {
                    fallbacks.append(Fallback(cellID: c.cellID, side: side, seed: c.seed, requested: c.backendRequested,
                                              used: used, reason: c.fallbackReason))
                }
            }
            guard p.base.status != .ok || p.cand.status != .ok else { continue }
            let side = p.base.status == .ok ? "candidate" : p.cand.status == .ok ? "baseline" : "both"
            let failed = p.cand.status != .ok ? p.cand : p.base
            failures.append(Failure(seed: p.key.seed, side: side, baselineStatus: p.base.status, candidateStatus: p.cand.status,
                                    cellID: failed.cellID, phase: failed.phase, error: failed.error,
                                    candidateRegression: p.base.status == .ok && p.cand.status != .ok))
        }
        return Group(method: first.method, params: first.params, dataset: first.dataset, seeds: pairs.map(\.key.seed),
                     pairs: pairs.count, pairsCompared: both.count, metrics: metrics,
                     timeRatio: ratio { $0.timingsS.total }, fitTimeRatio: ratio { $0.timingsS.fit },
                     memoryRatio: ratio { $0.peakRSSMB }, fallbacks: fallbacks, failures: failures)
    }

    static func verdicts(_ groups: [Group], tolerances: ComparisonTolerances) -> [Verdict] {
        let byMethod = Dictionary(grouping: groups, by: \.methodLabel)
        return byMethod.keys.sorted().map { method in
            let gs = byMethod[method]!
            var reasons: [String] = [], failures: [String] = []
            for g in gs {
                for f in g.failures where f.candidateRegression {
                    failures.append(f.cellID)
                    reasons.append("\(g.dataset) seed \(f.seed): candidate \(f.candidateStatus.rawValue) in phase \(f.phase) where the baseline finished (\(f.cellID))")
                }
                for m in g.metrics where m.missingOnCandidate > 0 {
                    reasons.append("\(g.dataset): \(m.metric) missing on the candidate in \(m.missingOnCandidate) pair(s) where the baseline has it")
                }
            }
            let inputs = HeadlineMetric.all.map { h in
                NonInferiorityTest.Input(metric: h.name, margin: tolerances.tolerance(for: h),
                                         strata: gs.map { g in g.metrics.first { $0.metric == h.name }?.harms ?? [] })
            }
            let judged = NonInferiorityTest.judge(inputs)
            for v in judged where v.outcome == .worse {
                reasons.append("\(v.metric): harm \(signed(v.harm)) [\(signed(v.lower)), \(signed(v.upper))] lies beyond the margin \(fmt(v.margin)) (Holm p = \(fmt(v.pWorse)), \(v.pairs) pairs)")
            }
            let compared = gs.contains { $0.pairsCompared > 0 }
            var seedsNeeded: Int?
            let outcome: Outcome
            if !reasons.isEmpty {
                outcome = .worse
            } else if !compared {
                outcome = .inconclusive
                reasons.append("no seed finished on both backends")
            } else if judged.allSatisfy({ $0.outcome == .notWorse }) {
                outcome = .notWorse
            } else {
                outcome = .inconclusive
                for v in judged where v.outcome == .inconclusive {
                    let advice = v.seedsNeeded.map { "add seeds: about \($0 >= NonInferiorityTest.seedCap ? "\($0)+" : "\($0)") per dataset for 80 % power" }
                        ?? (v.note.map { "add seeds (\($0))" } ?? "add seeds (the mean harm sits on the margin)")
                    reasons.append("\(v.metric): harm \(signed(v.harm)) [\(signed(v.lower)), \(signed(v.upper))] vs margin \(fmt(v.margin)): inconclusive, \(advice)")
                }
                seedsNeeded = judged.compactMap(\.seedsNeeded).max()
            }
            return Verdict(method: method, outcome: outcome, datasets: gs.map(\.dataset), reasons: reasons, failures: failures,
                           metrics: judged, seedsNeeded: seedsNeeded)
        }
    }

    static func signed(_ x: Double) -> String { String(format: "%+.4g", x) }
    static func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
}
