import Evaluation
import Foundation

/// The backend comparison of one run (issue 4, item 7): cells that differ only in backend are paired
/// (same dataset, method as the grid names it, seed and parameters; backend_requested baseline vs
/// candidate), and per method x dataset the comparison reports the headline metric deltas
/// (candidate − baseline, mean ± sd over the seeds where both sides finished), time and memory ratios
/// (candidate / baseline, geometric mean over seeds), fallbacks and failures, then a verdict per method.
///
/// Verdict: the candidate is `not_worse` for a method iff, on every dataset (and parameter set) of that
/// method, every headline metric's mean delta in the harmful direction is within its tolerance, no
/// headline metric the baseline has is missing on the candidate, and no candidate cell failed where its
/// baseline cell finished. `worse` lists each reason; `inconclusive` means no pair finished on both sides.
public struct BackendComparison: Codable, Sendable {
    public static let schemaVersion = 1

    public var schemaVersion = BackendComparison.schemaVersion
    public var runDirectory: String
    public var experiment: String
    public var runID: String
    public var baseline: String
    public var candidate: String
    public var quality: QualityMeasure
    public var qualityLabel: String
    public var tolerances: [String: Double]
    public var groups: [Group]
    public var verdicts: [Verdict]
    /// Baseline or candidate cells with no partner on the other backend.
    public var unpaired: [CellRef]
    /// Cells on other backends, not part of the pairing.
    public var otherBackendCells: Int
    public var leaderboard: Leaderboard

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", runDirectory = "run_directory", experiment, runID = "run_id"
        case baseline, candidate, quality, qualityLabel = "quality_label", tolerances, groups, verdicts, unpaired
        case otherBackendCells = "other_backend_cells", leaderboard
    }

    /// A cell named in a list.
    public struct CellRef: Codable, Sendable, Equatable {
        public var cellID: String
        public var dataset: String
        public var method: String
        public var backendRequested: String
        public var seed: UInt64
        public var status: CellResult.Status

        init(_ c: CellResult) {
            cellID = c.cellID; dataset = c.dataset; method = c.method; backendRequested = c.backendRequested
            seed = c.seed; status = c.status
        }

        enum CodingKeys: String, CodingKey {
            case cellID = "cell_id", dataset, method, backendRequested = "backend_requested", seed, status
        }
    }

    /// One headline metric's delta in one group.
    public struct MetricDelta: Codable, Sendable, Equatable {
        public var metric: String
        public var path: String
        public var direction: MetricDirection
        public var tolerance: Double
        public var baselineMean: Double?
        public var candidateMean: Double?
        /// candidate − baseline over the pairs where both sides have a value.
        public var delta: SampleSummary?
        /// The mean delta turned so that positive means the candidate is worse.
        public var harm: Double?
        /// Pairs where the baseline has a value and the candidate does not.
        public var missingOnCandidate: Int
        /// nil when nothing was compared.
        public var withinTolerance: Bool?

        enum CodingKeys: String, CodingKey {
            case metric, path, direction, tolerance, baselineMean = "baseline_mean", candidateMean = "candidate_mean"
            case delta, harm, missingOnCandidate = "missing_on_candidate", withinTolerance = "within_tolerance"
        }
    }

    /// A side that did not finish.
    public struct Failure: Codable, Sendable, Equatable {
        public var seed: UInt64
        public var side: String
        public var baselineStatus: CellResult.Status
        public var candidateStatus: CellResult.Status
        public var cellID: String
        public var phase: String
        public var error: String?
        /// The candidate failed where the baseline finished: this alone makes the verdict `worse`.
        public var candidateRegression: Bool

        enum CodingKeys: String, CodingKey {
            case seed, side, baselineStatus = "baseline_status", candidateStatus = "candidate_status", cellID = "cell_id"
            case phase, error, candidateRegression = "candidate_regression"
        }
    }

    /// A cell that ran on another backend than the one requested.
    public struct Fallback: Codable, Sendable, Equatable {
        public var cellID: String
        public var side: String
        public var seed: UInt64
        public var requested: String
        public var used: String
        public var reason: String?

        enum CodingKeys: String, CodingKey { case cellID = "cell_id", side, seed, requested, used, reason }
    }

    /// One method (with its parameters) on one dataset.
    public struct Group: Codable, Sendable {
        public var method: String
        public var params: String
        public var dataset: String
        public var seeds: [UInt64]
        public var pairs: Int
        /// Pairs where both sides finished.
        public var pairsCompared: Int
        public var metrics: [MetricDelta]
        /// Geometric mean over seeds of candidate / baseline total seconds.
        public var timeRatio: Double?
        /// The same for fit seconds.
        public var fitTimeRatio: Double?
        /// The same for peak resident memory.
        public var memoryRatio: Double?
        public var fallbacks: [Fallback]
        public var failures: [Failure]

        public var methodLabel: String { params.isEmpty ? method : "\(method) [\(params)]" }

        enum CodingKeys: String, CodingKey {
            case method, params, dataset, seeds, pairs, pairsCompared = "pairs_compared", metrics
            case timeRatio = "time_ratio", fitTimeRatio = "fit_time_ratio", memoryRatio = "memory_ratio", fallbacks, failures
        }
    }

    public enum Outcome: String, Codable, Sendable { case notWorse = "not_worse", worse, inconclusive }

    public struct Verdict: Codable, Sendable, Equatable {
        public var method: String
        public var outcome: Outcome
        public var datasets: [String]
        public var reasons: [String]
        /// Candidate cells that failed where the baseline finished.
        public var failures: [String]
    }

    /// Compares `candidate` against `baseline` in `run`. Throws when the two are the same, either has no
    /// cell in the run, or two cells claim the same pair slot.
    public static func compare(_ run: RunCells, baseline: String = "sdv", candidate: String = "synthcity",
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
        return BackendComparison(
            runDirectory: run.directory.path, experiment: cells.first?.experiment ?? "", runID: cells.first?.runID ?? "",
            baseline: baseline, candidate: candidate, quality: quality, qualityLabel: quality.label,
            tolerances: tolerances.values, groups: groups, verdicts: verdicts(groups),
            unpaired: unpaired.sorted { $0.cellID < $1.cellID },
            otherBackendCells: cells.filter { $0.backendRequested != baseline && $0.backendRequested != candidate }.count,
            leaderboard: Leaderboard.build(cells, quality: quality, copulaBackend: baseline))
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
            let harm = delta.map { m.path.direction == .maximize ? -$0.mean : $0.mean }
            let tol = tolerances.tolerance(for: m)
            let within: Bool? = (harm == nil && missing == 0) ? nil : (harm.map { $0 <= tol + 1e-12 } ?? true) && missing == 0
            return MetricDelta(metric: m.name, path: m.path.rawValue, direction: m.path.direction, tolerance: tol,
                               baselineMean: SampleSummary(baseValues)?.mean, candidateMean: SampleSummary(candValues)?.mean,
                               delta: delta, harm: harm, missingOnCandidate: missing, withinTolerance: within)
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

    static func verdicts(_ groups: [Group]) -> [Verdict] {
        let byMethod = Dictionary(grouping: groups, by: \.methodLabel)
        return byMethod.keys.sorted().map { method in
            let gs = byMethod[method]!
            var reasons: [String] = [], failures: [String] = []
            for g in gs {
                for f in g.failures where f.candidateRegression {
                    failures.append(f.cellID)
                    reasons.append("\(g.dataset) seed \(f.seed): candidate \(f.candidateStatus.rawValue) in phase \(f.phase) where the baseline finished (\(f.cellID))")
                }
                for m in g.metrics where m.withinTolerance == false {
                    if m.missingOnCandidate > 0 {
                        reasons.append("\(g.dataset): \(m.metric) missing on the candidate in \(m.missingOnCandidate) pair(s) where the baseline has it")
                    }
                    if let d = m.delta, let h = m.harm, h > m.tolerance + 1e-12 {
                        reasons.append("\(g.dataset): \(m.metric) mean delta \(fmt(d.mean)) (\(m.direction == .maximize ? "higher" : "lower") is better) is worse by \(fmt(h)) > tolerance \(fmt(m.tolerance))")
                    }
                }
            }
            let compared = gs.contains { $0.pairsCompared > 0 }
            let outcome: Outcome = !reasons.isEmpty ? .worse : compared ? .notWorse : .inconclusive
            if outcome == .inconclusive { reasons.append("no seed finished on both backends") }
            return Verdict(method: method, outcome: outcome, datasets: gs.map(\.dataset), reasons: reasons, failures: failures)
        }
    }

    static func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
}
