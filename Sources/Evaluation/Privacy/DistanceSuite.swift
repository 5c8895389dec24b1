import Foundation
import SynthCore
import SynthMath
import SynthTable

/// Distance-based privacy metrics (`distance.*`): distances to the closest record (DCR) and nearest-neighbour
/// distance ratios (NNDR) in both directions, SDMetrics' DCRBaselineProtection and DCROverfittingProtection,
/// SynthEval's NNAA and ε-identifiability, and SynthCity's identifiability_score. "train" is the real table
/// the generator was fitted on, "holdout" real rows it never saw. Rows are compared on
/// ``EvaluationInput/comparedColumns``. Under the quadratic cap, the capped rows of the query table are
/// searched against every row of the reference table (``UncappedTables``), so a copy's twins are all found
/// whatever the cap. Definitions, references and deviations: docs/metrics.md.
public enum DistanceSuite {
    public static let id = "distance"

    public static var suite: MetricSuite {
        MetricSuite(id: id, metrics: [
            Metric(id: "distance.dcr_syn_to_train", direction: .maximize, range: .unit,
                   formula: "median over synthetic rows of the Gower distance to the closest training row (SDMetrics calculate_dcr: min(|Δ|/range_train, 1) on numerical/datetime, 0/1 mismatch on categorical/boolean, mean over columns); details: 5th percentile, mean, share of exact copies",
                   subsampled: true, compute: { input, cache in try dcr(input, cache, syntheticToTrain: true) }),
            Metric(id: "distance.dcr_train_to_syn", direction: .maximize, range: .unit,
                   formula: "median over training rows of the Gower distance to the closest synthetic row (ranges from the synthetic table); details: 5th percentile, mean",
                   subsampled: true, compute: { input, cache in try dcr(input, cache, syntheticToTrain: false) }),
            Metric(id: "distance.nndr_syn_to_train", direction: .maximize, range: .unit,
                   formula: "mean over synthetic rows of d1/(d2 + 1e-16), the Gower distances to the closest and second-closest training rows; details: 5th percentile (CTAB-GAN)",
                   subsampled: true, compute: { input, cache in try nndr(input, cache, syntheticToTrain: true) }),
            Metric(id: "distance.nndr_train_to_syn", direction: .maximize, range: .unit,
                   formula: "mean over training rows of d1/(d2 + 1e-16) to the closest and second-closest synthetic rows (SynthEval nndr's direction); details: 5th percentile",
                   subsampled: true, compute: { input, cache in try nndr(input, cache, syntheticToTrain: false) }),
            Metric(id: "distance.dcr_baseline_protection", direction: .maximize, range: .unit,
                   formula: "SDMetrics DCRBaselineProtection: min(median DCR(synthetic→train) / median DCR(random→train), 1), the random table drawn uniformly per column (seeded)",
                   subsampled: true, compute: { input, cache in try baselineProtection(input, cache) }),
            Metric(id: "distance.dcr_overfitting_protection", direction: .maximize, range: .unit,
                   formula: "SDMetrics DCROverfittingProtection: min(2(1 − p), 1), p = share of synthetic rows strictly closer (Gower DCR) to the training table (subsampled to the hold-out's size) than to the hold-out; details: p, and the share with ties counted ½ (mostlyai-qa's DCR share)",
                   subsampled: true, compute: { input, cache in try overfittingProtection(input, cache) }),
            Metric(id: "distance.nnaa", direction: .minimize, range: .unit,
                   formula: "SynthEval NNAA: ½[mean(d_TS > d_TT) + mean(d_ST > d_SS)] with 1-NN Gower distances (ranges over both tables; d_TT and d_SS exclude the row itself); 0.5 = synthetic rows as close to training rows as training rows are to each other",
                   subsampled: true, compute: { input, cache in try nnaa(input, cache) }),
            Metric(id: "distance.identifiability_score", direction: .minimize, range: .unit,
                   formula: "SynthCity identifiability_score (key score): share of training rows whose Euclidean distance to the closest synthetic row is below the distance to the closest other training row, on label-encoded unscaled columns",
                   subsampled: true, compute: { input, cache in try identifiability(input, cache, weighted: false) }),
            Metric(id: "distance.eps_identifiability", direction: .minimize, range: .unit,
                   formula: "SynthEval eps_risk (Yoon et al.): as identifiability_score but on min-max scaled columns (over both tables) weighted by 1/H, H the entropy of the column's training values",
                   subsampled: true, compute: { input, cache in try identifiability(input, cache, weighted: true) }),
        ])
    }

    // MARK: Nearest neighbours (cached: several metrics share each search)

    /// Gower neighbours with SDMetrics' ranges (from the reference table): the query table's capped rows
    /// against every row of the reference table (``UncappedTables``).
    static func gower(_ input: EvaluationInput, _ cache: EvaluationCache, query: String, reference: String)
        throws -> NearestNeighbors.Result {
        try cache.value("distance.gower.\(query)->\(reference)") {
            let q = try side(input, query), r = try side(input, reference)
            let f = try GowerFeatures([q.whole, r.whole], columns: input.comparedColumns, range: .table(1))
            guard f.discreteFrom > 0 || !(f.features.first ?? []).isEmpty else {
                throw EvaluationError.unsupported(metric: "distance", reason: "no numerical, datetime, categorical or boolean column to compare")
            }
            return f.nearest(0, rows: q.queried, in: 1, excludeSelf: query == reference)
        }
    }

    /// A table of the search, restricted to the compared columns: `whole`, every row (the reference side of
    /// a search), and `queried`, the rows of it under the quadratic cap (the query side).
    static func side(_ input: EvaluationInput, _ name: String) throws -> (whole: Table, queried: [Int]) {
        let w = input.wholeTables
        switch name {
        case "train": return (try input.comparedTable(w.real, "real"), w.realRows)
        case "synthetic": return (try input.comparedTable(w.synthetic, "synthetic"), w.syntheticRows)
        case "holdout":
            guard let h = w.holdout, let rows = w.holdoutRows else {
                throw EvaluationError.unsupported(metric: "distance", reason: "no hold-out")
            }
            return (try input.comparedTable(h, "hold-out"), rows)
        default: preconditionFailure("unknown table \(name)")
        }
    }

    /// How many rows a search queried and searched (what a capped metric's details record besides `subsample`).
    static func searched(_ input: EvaluationInput, query: String, reference: String) throws -> JSONValue {
        ["query_rows": .number(Double(try side(input, query).queried.count)),
         "reference_rows": .number(Double(try side(input, reference).whole.rowCount))]
    }

    static func guardRows(_ input: EvaluationInput) -> MetricOutcome? {
        if input.comparedColumns.isEmpty { return .notApplicable("no numerical, datetime, categorical or boolean column") }
        if input.real.rowCount < 2 { return .notApplicable("the training table has fewer than 2 rows") }
        if input.synthetic.rowCount < 2 { return .notApplicable("the synthetic table has fewer than 2 rows") }
        return nil
    }

    static func summary(_ d: [Double]) throws -> JSONValue {
        ["p5": .number(try Quantiles.quantile(d, 0.05)), "mean": .number(d.reduce(0, +) / Double(d.count)),
         "exact_match_share": .number(Double(d.filter { $0 == 0 }.count) / Double(d.count)), "rows": .number(Double(d.count))]
    }

    // MARK: Metrics

    static func dcr(_ input: EvaluationInput, _ cache: EvaluationCache, syntheticToTrain: Bool) throws -> MetricOutcome {
        if let na = guardRows(input) { return na }
        let (q, r) = syntheticToTrain ? ("synthetic", "train") : ("train", "synthetic")
        let nn = try gower(input, cache, query: q, reference: r)
        var details = try summary(nn.first)
        if case .object(var o) = details { o["search"] = try searched(input, query: q, reference: r); details = .object(o) }
        return .value(try Quantiles.quantile(nn.first, 0.5), details: details)
    }

    static func nndr(_ input: EvaluationInput, _ cache: EvaluationCache, syntheticToTrain: Bool) throws -> MetricOutcome {
        if let na = guardRows(input) { return na }
        let nn = syntheticToTrain ? try gower(input, cache, query: "synthetic", reference: "train")
                                  : try gower(input, cache, query: "train", reference: "synthetic")
        let ratios = zip(nn.first, nn.second).map { d1, d2 in d2.isFinite ? d1 / (d2 + 1e-16) : 1 }
        return .value(ratios.reduce(0, +) / Double(ratios.count),
                      details: ["p5": .number(try Quantiles.quantile(ratios, 0.05))])
    }

    static func baselineProtection(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> MetricOutcome {
        if let na = guardRows(input) { return na }
        let train = try side(input, "train").whole
        var rng = RandomStream(seed: input.seed).derived("distance.dcr_baseline")
        let random = try UniformBaseline.table(like: train, rows: input.synthetic.rowCount, rng: &rng)
        let syntheticDCR = try gower(input, cache, query: "synthetic", reference: "train").first
        let f = try GowerFeatures([random, train], columns: input.comparedColumns, range: .table(1))
        let randomDCR = f.nearest(0, in: 1).first
        let s = try Quantiles.quantile(syntheticDCR, 0.5), r = try Quantiles.quantile(randomDCR, 0.5)
        guard r > 0 else { return .notApplicable("the random baseline's median DCR is 0") }
        return .value(min(s / r, 1), details: ["median_dcr_synthetic": .number(s), "median_dcr_random": .number(r),
                                               "search": try searched(input, query: "synthetic", reference: "train")])
    }

    static func overfittingProtection(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> MetricOutcome {
        if let na = guardRows(input) { return na }
        guard let h = input.wholeTables.holdout, h.rowCount >= 1 else {
            return .notApplicable("needs a real hold-out the generator did not see (run with --holdout)")
        }
        // Deviation from SDMetrics (which uses the whole training table and only warns when the hold-out is
        // smaller than half of it): the training rows are subsampled (seeded) to the hold-out's size, so
        // that a generator that does not memorise scores p ≈ 0.5 whatever the split ratio.
        let train = try side(input, "train").whole, synthetic = try side(input, "synthetic")
        var toTrain = try gower(input, cache, query: "synthetic", reference: "train").first
        if train.rowCount > h.rowCount {
            var rng = RandomStream(seed: input.seed).derived("distance.overfitting.subsample")
            let rows = Array(rng.permutation(train.rowCount).prefix(h.rowCount)).sorted()
            let f = try GowerFeatures([synthetic.whole, train.selectingRows(rows)],
                                      columns: input.comparedColumns, range: .table(1))
            toTrain = f.nearest(0, rows: synthetic.queried, in: 1).first
        }
        let toHoldout = try gower(input, cache, query: "synthetic", reference: "holdout").first
        var closer = 0.0, ties = 0.0
        for (a, b) in zip(toTrain, toHoldout) { if a < b { closer += 1 } else if a == b { ties += 1 } }
        let n = Double(toTrain.count), p = closer / n
        return .value(min(2 * (1 - p), 1), details: [
            "closer_to_training": .number(p), "closer_to_holdout": .number(1 - p),
            "dcr_share": .number((closer + 0.5 * ties) / n),
            "holdout_rows": .number(Double(h.rowCount)), "train_rows_compared": .number(Double(min(train.rowCount, h.rowCount))),
            "query_rows": .number(n),
        ])
    }

    static func nnaa(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> MetricOutcome {
        if let na = guardRows(input) { return na }
        let train = try side(input, "train"), synthetic = try side(input, "synthetic")
        let f = try GowerFeatures([train.whole, synthetic.whole], columns: input.comparedColumns, range: .union)
        let ts = f.nearest(0, rows: train.queried, in: 1).first
        let tt = f.nearest(0, rows: train.queried, in: 0, excludeSelf: true).first
        let st = f.nearest(1, rows: synthetic.queried, in: 0).first
        let ss = f.nearest(1, rows: synthetic.queried, in: 1, excludeSelf: true).first
        func share(_ a: [Double], _ b: [Double]) -> Double { Double(zip(a, b).filter { $0 > $1 }.count) / Double(a.count) }
        let t = share(ts, tt), s = share(st, ss)
        return .value(0.5 * (t + s), details: ["train_side": .number(t), "synthetic_side": .number(s),
                                               "search": try searched(input, query: "train", reference: "synthetic")])
    }

    static func identifiability(_ input: EvaluationInput, _ cache: EvaluationCache, weighted: Bool) throws -> MetricOutcome {
        if let na = guardRows(input) { return na }
        let train = try side(input, "train"), synthetic = try side(input, "synthetic")
        var m = try LabelEncodedMatrix([train.whole, synthetic.whole], columns: input.comparedColumns).matrices
        if weighted {
            // SynthEval: min-max over both tables, then each column times 1/entropy of its training values.
            for c in 0..<m[0].cols {
                var lo = Double.infinity, hi = -Double.infinity
                for t in 0..<2 { for i in 0..<m[t].rows { lo = min(lo, m[t][i, c]); hi = max(hi, m[t][i, c]) } }
                var counts: [Double: Int] = [:]
                for i in 0..<m[0].rows { counts[m[0][i, c], default: 0] += 1 }
                let n = Double(m[0].rows)
                // Summed in value order: a dictionary's order changes from process to process, and so would the
                // last bits of the sum, flipping near-tied distances below (0.45 vs 0.44375 on one CSV).
                let entropy = counts.sorted { $0.key < $1.key }.reduce(0.0) { h, e in
                    let p = Double(e.value) / n
                    return h - p * log(p)
                }
                let w = (hi > lo ? 1 / (hi - lo) : 0) * (entropy > 0 ? 1 / entropy : 0)
                for t in 0..<2 { for i in 0..<m[t].rows { m[t][i, c] = (m[t][i, c] - lo) * w } }
            }
        }
        let queries = m[0].selectingRows(train.queried)
        let toSynthetic = NearestNeighbors.euclidean(query: queries, reference: m[1]).first
        let toTrain = NearestNeighbors.euclidean(query: queries, reference: m[0], excluding: train.queried).first
        let risky = zip(toSynthetic, toTrain).filter { $0 < $1 }.count
        return .value(Double(risky) / Double(toSynthetic.count),
                      details: ["search": try searched(input, query: "train", reference: "synthetic")])
    }
}
