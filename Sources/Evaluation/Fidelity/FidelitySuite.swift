import SynthCore
import SynthMath
import SynthTable

/// Fidelity beyond per-column shapes (`fidelity.*`), SynthCity's sample-level statistics: PRDC
/// (precision, recall, density, coverage), α-precision / β-recall / authenticity in SynthCity's "naive"
/// representation, and the maximum mean discrepancy. Rows are SynthCity's view of
/// ``EvaluationInput/comparedColumns`` (``LabelEncodedMatrix``: numbers unscaled, categories as shared
/// codes). α-precision comes in both of SynthCity's representations: the naive one (min-max scaled columns)
/// and the one-class one (`_OC`, SynthCity's default: a Deep-SVDD embedding trained per evaluation,
/// ``OneClassEmbedding``). `bound_share_ratio` (not SynthCity's) reads the numerical columns directly
/// (``BoundShare``). Definitions and deviations: docs/metrics.md.
public enum FidelitySuite {
    public static let id = "fidelity"

    public static var suite: MetricSuite {
        MetricSuite(id: id, metrics: [
            prdc("prdc_precision", \.precision, "PRDC precision (Naeem et al., SynthCity prdc, k = 5): share of synthetic rows strictly within the 5th-nearest-neighbour radius of some real row (Euclidean, label-encoded unscaled columns)"),
            prdc("prdc_recall", \.recall, "PRDC recall: share of real rows strictly within the 5th-nearest-neighbour radius of some synthetic row"),
            prdc("prdc_density", \.density, "PRDC density: (1/5) x mean over synthetic rows of the number of real rows whose radius contains them (can exceed 1)", range: MetricRange(0, nil)),
            prdc("prdc_coverage", \.coverage, "PRDC coverage: share of real rows whose nearest synthetic row lies strictly within their own radius"),
            alpha("alpha_precision_naive", \.deltaPrecisionAlpha, "SynthCity delta_precision_alpha_naive: 1 − Σ_α|α − P_α|/Σα over 30 levels, P_α the share of synthetic rows within the α-quantile radius of the real rows around the real mean (columns min-max scaled on the real rows; the target column left out)"),
            alpha("beta_recall_naive", \.deltaCoverageBeta, "SynthCity delta_coverage_beta_naive: 1 − Σ_α|α − C_β|/Σα, C_β the share of real rows whose nearest synthetic row is no farther than their nearest other real row and within the β-quantile radius around the synthetic mean"),
            alpha("authenticity_naive", \.authenticity, "authenticity (naive representation): share of real rows strictly closer to their nearest other real row than to their nearest synthetic row; details: SynthCity's value, which indexes the real-to-real distances by the synthetic neighbour's row number"),
            oneClass("alpha_precision_oc", \.deltaPrecisionAlpha, "SynthCity delta_precision_alpha_OC: the α-precision of the naive metric computed in SynthCity's one-class embedding (a bias-free 5-layer ReLU network trained 1,000 full-batch AdamW epochs to pull the real rows, label-encoded and unscaled, to c = 10·1), with c as the real centre"),
            oneClass("beta_recall_oc", \.deltaCoverageBeta, "SynthCity delta_coverage_beta_OC: the β-recall of the naive metric computed in the one-class embedding"),
            oneClass("authenticity_oc", \.authenticity, "SynthCity authenticity_OC (its alpha_precision's default key): share of real rows strictly closer to their nearest other real row than to their nearest synthetic row, in the one-class embedding; details: SynthCity's value (indexed by the synthetic neighbour's row number)"),
            Metric(id: "\(id).mmd_rbf", direction: .minimize, range: MetricRange(0, nil),
                   formula: "SynthCity max_mean_discrepancy (rbf): mean k(r,r') + mean k(s,s') − 2 mean k(r,s), k = exp(−‖a − b‖²), biased V-statistic on label-encoded unscaled rows; details: the linear-kernel MMD ‖mean(r) − mean(s)‖²",
                   compute: { input, cache in
                       if let na = notApplicable(input) { return na }
                       let m = try matrices(input, cache)
                       return .value(max(0, MaximumMeanDiscrepancy.rbf(m[0], m[1])),
                                     details: ["linear": .number(MaximumMeanDiscrepancy.linear(m[0], m[1]))])
                   }),
            Metric(id: "\(id).bound_share_ratio", direction: .minimize, range: MetricRange(0, nil),
                   formula: "worst over numerical columns of max(s_lo/r_lo, s_hi/r_hi): r the real share of values equal to the real column's min (lo) or max (hi), s the synthetic share at or beyond it (SynthCity #345's pile-up at the bounds; 1 = the real shares, issue 13's target <= 1.5); details: each column's shares and ratio",
                   compute: { input, _ in
                       let columns = input.columns(withSdtypes: [.numerical])
                       let pairs = try columns.map { try input.columnPair($0.name) }
                       let shares = BoundShare(
                           real: zip(columns, pairs).map { ($0.name, $1.real.numericValues() ?? []) },
                           synthetic: pairs.map { $0.synthetic.numericValues() ?? [] })
                       guard !shares.columns.isEmpty else {
                           return .notApplicable("no numerical column with values in both tables")
                       }
                       return .value(shares.worstRatio, details: shares.details)
                   }),
        ])
    }

    static func notApplicable(_ input: EvaluationInput) -> MetricOutcome? {
        if input.comparedColumns.isEmpty { return .notApplicable("no numerical, datetime, categorical or boolean column") }
        if input.real.rowCount < 7 || input.synthetic.rowCount < 7 {
            return .notApplicable("PRDC and α-precision need at least 7 rows in each table (5 neighbours besides the row)")
        }
        return nil
    }

    static func matrices(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> [Matrix] {
        try cache.value("fidelity.matrices") {
            try LabelEncodedMatrix([try input.comparedTable(input.real, "real"), try input.comparedTable(input.synthetic, "synthetic")],
                                   columns: input.comparedColumns).matrices
        }
    }

    static func prdc(_ name: String, _ field: KeyPath<PrecisionRecallDensityCoverage, Double> & Sendable, _ formula: String,
                     range: MetricRange = .unit) -> Metric {
        Metric(id: "\(id).\(name)", direction: .maximize, range: range, formula: formula, compute: { input, cache in
            if let na = notApplicable(input) { return na }
            let r = try cache.value("fidelity.prdc") {
                let m = try matrices(input, cache)
                return PrecisionRecallDensityCoverage(real: m[0], synthetic: m[1])
            }
            return .value(r[keyPath: field])
        })
    }

    static func alpha(_ name: String, _ field: KeyPath<AlphaPrecision, Double> & Sendable, _ formula: String) -> Metric {
        Metric(id: "\(id).\(name)", direction: .maximize, range: .unit, formula: formula, compute: { input, cache in
            if let na = notApplicable(input) { return na }
            let r = try cache.value("fidelity.alpha") { try alphaPrecision(input) }
            var details: JSONValue = ["rows_compared": .number(Double(r.rows))]
            if name == "authenticity_naive" {
                details = ["synthcity": .number(r.value.authenticitySynthCity), "rows_compared": .number(Double(r.rows))]
            }
            return .value(r.value[keyPath: field], details: details)
        })
    }

    static func oneClass(_ name: String, _ field: KeyPath<AlphaPrecision, Double> & Sendable, _ formula: String) -> Metric {
        Metric(id: "\(id).\(name)", direction: .maximize, range: .unit, formula: formula, subsampled: true, compute: { input, cache in
            if let na = notApplicable(input) { return na }
            let r = try cache.value("fidelity.alpha_oc") { try oneClassAlphaPrecision(input) }
            var details: [String: JSONValue] = ["rows_compared": .number(Double(r.rows)), "epochs": .number(Double(OneClassEmbedding.Options().epochs))]
            if name == "authenticity_oc" { details["synthcity"] = .number(r.value.authenticitySynthCity) }
            return .value(r.value[keyPath: field], details: .object(details))
        })
    }

    /// SynthCity's one-class representation: every compared column (the target too: SynthCity embeds
    /// `X.numpy()`, the whole encoded frame), label-encoded and unscaled; both tables subsampled (seeded) to
    /// the smaller row count; the embedding trained on those real rows, c = 10·1 the real centre.
    static func oneClassAlphaPrecision(_ input: EvaluationInput) throws -> (value: AlphaPrecision, rows: Int) {
        let m = try LabelEncodedMatrix([try input.comparedTable(input.real, "real"), try input.comparedTable(input.synthetic, "synthetic")],
                                       columns: input.comparedColumns, centred: false).matrices
        let (real, synthetic, n) = equalRows(m[0], m[1], input, stream: "fidelity.alpha_oc.subsample")
        let embedding = OneClassEmbedding(training: real, seed: RandomStream(seed: input.seed).derivedSeed("fidelity.alpha_oc.network"))
        return (try AlphaPrecision(real: embedding.embed(real), synthetic: embedding.embed(synthetic), centre: embedding.centre), n)
    }

    /// SynthCity's naive representation: every compared column but the target, min-max scaled on the real
    /// rows; the larger table subsampled (seeded) to the smaller one's row count, as SynthCity requires equal
    /// counts. SynthCity drops its loader's target column, which is the last column when none is declared;
    /// here only a declared target is left out.
    static func alphaPrecision(_ input: EvaluationInput) throws -> (value: AlphaPrecision, rows: Int) {
        var columns = input.comparedColumns.filter { $0.name != input.metadata.target }
        if columns.isEmpty { columns = input.comparedColumns }
        let m = try LabelEncodedMatrix([try input.real.selectingColumns(columns.map(\.name)),
                                        try input.synthetic.selectingColumns(columns.map(\.name))], columns: columns).matrices
        let equal = equalRows(m[0], m[1], input, stream: "fidelity.alpha.subsample")
        var real = equal.0, synthetic = equal.1
        let n = equal.2, d = real.cols
        for j in 0..<d {
            let col = real.column(j)
            let lo = col.min() ?? 0, hi = col.max() ?? 0
            let scale = hi > lo ? 1 / (hi - lo) : 1  // scikit-learn's MinMaxScaler leaves constant columns at x − min
            for i in 0..<n {
                real[i, j] = (real[i, j] - lo) * scale
                synthetic[i, j] = (synthetic[i, j] - lo) * scale
            }
        }
        return (try AlphaPrecision(real: real, synthetic: synthetic), n)
    }

    /// The real and synthetic rows with the larger table subsampled (seeded by `stream`, rows kept in order)
    /// to the smaller one's count, as SynthCity's α-precision requires equal counts.
    static func equalRows(_ real: Matrix, _ synthetic: Matrix, _ input: EvaluationInput, stream: String) -> (Matrix, Matrix, Int) {
        let n = min(real.rows, synthetic.rows), d = real.cols
        var rng = RandomStream(seed: input.seed).derived(stream)
        func take(_ x: Matrix) -> Matrix {
            guard x.rows > n else { return x }
            let rows = Array(rng.permutation(x.rows).prefix(n)).sorted()
            return Matrix(rows: n, cols: d, storage: rows.flatMap { x.row($0) })
        }
        let r = take(real)
        return (r, take(synthetic), n)
    }
}
