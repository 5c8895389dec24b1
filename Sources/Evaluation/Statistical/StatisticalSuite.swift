import SynthCore
import SynthMath
import SynthTable

/// Statistical validation (`stats.*`): per-column tests and distances and the preservation of the
/// correlation structure, each metric's headline value being the mean over the columns it could be
/// computed on (SynthCity's `reduction="mean"`), with the per-column figures in its details.
///
/// Numerical columns are sdtype numerical or datetime (datetimes in seconds); categorical columns are
/// sdtype categorical or boolean. Missing values are dropped. A column a metric cannot use — stored as
/// text, no values on one side, a single category, an infinite value in a histogram — is listed under
/// `skipped` with the reason and never breaks the metric; with no usable column the metric is "not
/// applicable". See docs/metrics.md for the formulas and how they differ from SynthCity's.
public enum StatisticalSuite {
    public static let id = "stats"
    /// Bins of the shared histograms of `jensen_shannon` and `kl_divergence` (SynthCity's n_histogram_bins).
    public static let histogramBins = 10
    /// Pseudo-count added to every bin of both histograms before the KL divergence.
    public static let klPseudoCount = 0.5
    /// Tukey's fence multiplier for the IQR outlier rates.
    public static let fenceMultiplier = 1.5

    public static var suite: MetricSuite {
        MetricSuite(id: id, metrics: [
            Metric(id: "stats.ks_test", direction: .minimize, range: .unit,
                   formula: "per numerical column the two-sample KS statistic D and its p-value (scipy.stats.ks_2samp, method 'auto'); value = mean D",
                   compute: { i, c in try perNumericalColumn(i, c, "stats.ks_test", ksTest) }),
            Metric(id: "stats.chi_squared", direction: .maximize, range: .unit,
                   formula: "per categorical column Pearson's χ² goodness of fit of the synthetic counts O_c to E_c = n_syn · n_real(c)/n_real over the categories of either table, k − 1 degrees of freedom; a synthetic-only category makes χ² = ∞ and p = 0; value = mean p-value",
                   compute: { i, _ in try chiSquared(i) }),
            Metric(id: "stats.wasserstein", direction: .minimize, range: MetricRange(0, nil),
                   formula: "per numerical column W1 = ∫|F_real − F_syn| (scipy.stats.wasserstein_distance) and W1 / (max − min of the real column) (a zero range divides by 1, as scikit-learn's MinMaxScaler); value = mean scaled W1",
                   compute: { i, c in try perNumericalColumn(i, c, "stats.wasserstein", wasserstein) }),
            Metric(id: "stats.jensen_shannon", direction: .minimize, range: .unit,
                   formula: "per numerical column the Jensen-Shannon distance (base 2) between the real and synthetic shares of 10 equal-width bins spanning both tables' values; value = mean",
                   compute: { i, c in try perNumericalColumn(i, c, "stats.jensen_shannon", jensenShannon) }),
            Metric(id: "stats.kl_divergence", direction: .minimize, range: MetricRange(0, nil),
                   formula: "per numerical column KL(real ‖ syn) = Σ_b p_b ln(p_b/q_b) on the same 10 shared bins, each bin's count plus 0.5 on both sides (p_b = (c_b + 0.5)/(n + 5)); value = mean",
                   compute: { i, c in try perNumericalColumn(i, c, "stats.kl_divergence", klDivergence) }),
            Metric(id: "stats.corr_frobenius", direction: .minimize, range: MetricRange(0, nil),
                   formula: "‖C_real − C_syn‖_F over the off-diagonal entries of the Pearson matrices of the numerical columns (pairwise-complete rows, undefined entries 0)",
                   compute: { i, c in try correlation(i, c) { cmp, _ in .value(cmp.frobenius) } }),
            Metric(id: "stats.corr_pearson", direction: .maximize, range: MetricRange(-1, 1),
                   formula: "Pearson r between the d(d−1)/2 upper-triangle entries of C_real and of C_syn",
                   compute: { i, c in try correlation(i, c) { cmp, d in
                       guard cmp.real.count >= 2 else {
                           return .notApplicable("needs at least 3 numerical columns (2 correlation entries), found \(d)")
                       }
                       let r = try Correlation.pearson(cmp.real, cmp.synthetic)
                       return r.isNaN ? .notApplicable("the correlation entries of one table are all equal") : .value(r)
                   } }),
            Metric(id: "stats.corr_mean_abs_diff", direction: .minimize, range: MetricRange(0, 2),
                   formula: "mean |C_real,ij − C_syn,ij| over the upper-triangle entries",
                   compute: { i, c in try correlation(i, c) { cmp, _ in
                       .value(zip(cmp.real, cmp.synthetic).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(cmp.real.count))
                   } }),
            Metric(id: "stats.iqr_outliers", direction: .minimize, range: .unit,
                   formula: "per numerical column, with Tukey fences [Q1 − 1.5 IQR, Q3 + 1.5 IQR] of the REAL column: the real rate and the synthetic rate of values outside them, difference = synthetic − real; value = mean |difference|",
                   compute: { i, c in try perNumericalColumn(i, c, "stats.iqr_outliers", iqrOutliers) }),
        ])
    }

    // MARK: Per-column driver

    /// One numerical column, sorted once for every metric of the suite.
    struct SortedColumn {
        var name: String
        var real: [Double]
        var synthetic: [Double]
        var sortedReal: SortedSample
        var sortedSynthetic: SortedSample
    }

    /// A per-column figure: its value for the headline mean and its detail fields.
    struct ColumnFigure {
        var value: Double
        var fields: [String: JSONValue]
    }

    static func sortedColumns(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> (columns: [SortedColumn], skipped: [(column: String, reason: String)]) {
        try cache.value("stats.sorted-columns") {
            let numerical = try NumericalColumns.cached(input, cache)
            var out: [SortedColumn] = [], skipped = numerical.skipped
            for e in numerical.entries {
                let r = SortedSample(e.real), s = SortedSample(e.synthetic)
                if r.isEmpty || s.isEmpty {
                    skipped.append((e.name, r.isEmpty ? "no real values" : "no synthetic values"))
                    continue
                }
                out.append(SortedColumn(name: e.name, real: e.real, synthetic: e.synthetic, sortedReal: r, sortedSynthetic: s))
            }
            return (out, skipped)
        }
    }

    /// Applies `figure` to every usable numerical column; a column whose figure throws a
    /// ``StatisticsError`` (e.g. an infinite value) is skipped with that reason.
    static func perNumericalColumn(_ input: EvaluationInput, _ cache: EvaluationCache, _ id: String,
                                   _ figure: (SortedColumn) throws -> ColumnFigure) throws -> MetricOutcome {
        let (columns, baseSkipped) = try sortedColumns(input, cache)
        var skipped = baseSkipped
        var rows: [JSONValue] = [], values: [Double] = []
        for c in columns {
            do {
                let f = try figure(c)
                guard f.value.isFinite else {
                    skipped.append((c.name, "the figure is not finite"))
                    continue
                }
                values.append(f.value)
                rows.append(.object(f.fields.merging(["column": .string(c.name)]) { a, _ in a }))
            } catch let e as StatisticsError {
                skipped.append((c.name, e.description))
            }
        }
        return outcome(values, rows, skipped, noneReason: "no numerical column with values in both tables")
    }

    static func outcome(_ values: [Double], _ rows: [JSONValue], _ skipped: [(column: String, reason: String)],
                        noneReason: String) -> MetricOutcome {
        let details: JSONValue = ["columns": .array(rows),
                                  "skipped": .array(skipped.map { ["column": .string($0.column), "reason": .string($0.reason)] })]
        guard !values.isEmpty else { return .notApplicable(noneReason, details: details) }
        return .value(values.reduce(0, +) / Double(values.count), details: details)
    }

    // MARK: Figures

    static func ksTest(_ c: SortedColumn) throws -> ColumnFigure {
        let r = try KolmogorovSmirnov.twoSample(c.sortedReal, c.sortedSynthetic)
        return ColumnFigure(value: r.statistic, fields: [
            "statistic": .number(r.statistic), "p_value": .number(r.pValue), "method": .string(r.method.rawValue),
            "n_real": .number(Double(r.sizes.x)), "n_synthetic": .number(Double(r.sizes.y))])
    }

    static func wasserstein(_ c: SortedColumn) throws -> ColumnFigure {
        let w = try Wasserstein.distance(c.sortedReal, c.sortedSynthetic)
        let range = c.sortedReal.values.last! - c.sortedReal.values.first!
        let scale = range > 0 ? range : 1
        return ColumnFigure(value: w / scale, fields: ["distance": .number(w), "scaled_distance": .number(w / scale),
                                                       "real_range": .number(range)])
    }

    static func sharedHistograms(_ c: SortedColumn) throws -> (Histogram, Histogram) {
        let h = try Histogram.shared(c.real, c.synthetic, bins: histogramBins, range: .pooled)
        return (h.reference, h.other)
    }

    static func jensenShannon(_ c: SortedColumn) throws -> ColumnFigure {
        let (hr, hs) = try sharedHistograms(c)
        let js = try Divergence.jensenShannonDistance(hr.probabilities(), hs.probabilities(), base: 2)
        return ColumnFigure(value: js, fields: ["distance": .number(js), "edges": .array(hr.edges.map { .number($0) })])
    }

    static func klDivergence(_ c: SortedColumn) throws -> ColumnFigure {
        let (hr, hs) = try sharedHistograms(c)
        let kl = try Divergence.kullbackLeibler(hr.probabilities(smoothing: .pseudoCount(klPseudoCount)),
                                                hs.probabilities(smoothing: .pseudoCount(klPseudoCount)))
        return ColumnFigure(value: kl, fields: ["divergence": .number(kl)])
    }

    static func iqrOutliers(_ c: SortedColumn) throws -> ColumnFigure {
        let fences = try Quantiles.tukeyFences(c.sortedReal, k: fenceMultiplier)
        let real = try Quantiles.outlierRate(c.sortedReal.values, outside: fences)
        let synthetic = try Quantiles.outlierRate(c.sortedSynthetic.values, outside: fences)
        return ColumnFigure(value: abs(synthetic - real), fields: [
            "real_rate": .number(real), "synthetic_rate": .number(synthetic), "difference": .number(synthetic - real),
            "lower_fence": .number(fences.lower), "upper_fence": .number(fences.upper)])
    }

    // MARK: Categorical

    static func chiSquared(_ input: EvaluationInput) throws -> MetricOutcome {
        var rows: [JSONValue] = [], values: [Double] = []
        var skipped: [(column: String, reason: String)] = []
        for m in input.columns(withSdtypes: SDVSdtype.discrete) {
            let (r, s) = try input.columnPair(m.name)
            let codes = SharedCategoryCodes([r, s])
            let real = codes.counts(table: 0), syn = codes.counts(table: 1)
            let nReal = real.reduce(0, +), nSyn = syn.reduce(0, +)
            if nReal == 0 || nSyn == 0 {
                skipped.append((m.name, nReal == 0 ? "no real values" : "no synthetic values"))
                continue
            }
            let used = real.indices.filter { real[$0] > 0 || syn[$0] > 0 }
            guard used.count >= 2 else {
                skipped.append((m.name, "a single category in both tables: no degrees of freedom"))
                continue
            }
            let observed = used.map { Double(syn[$0]) }
            let expected = used.map { Double(nSyn) * Double(real[$0]) / Double(nReal) }
            let unseen = used.filter { real[$0] == 0 }.count
            let test = try ChiSquare.goodnessOfFit(observed: observed, expected: expected)
            values.append(test.pValue)
            rows.append(["column": .string(m.name), "statistic": .number(test.statistic),
                         "statistic_is_infinite": .bool(test.statistic.isInfinite), "p_value": .number(test.pValue),
                         "degrees_of_freedom": .number(Double(test.degreesOfFreedom)),
                         "categories": .number(Double(used.count)), "synthetic_only_categories": .number(Double(unseen))])
        }
        return outcome(values, rows, skipped, noneReason: "no categorical column with values in both tables")
    }

    // MARK: Correlations

    static func correlation(_ input: EvaluationInput, _ cache: EvaluationCache,
                            _ body: (CorrelationComparison, Int) throws -> MetricOutcome) throws -> MetricOutcome {
        let numerical = try NumericalColumns.cached(input, cache)
        let d = numerical.entries.count
        guard d >= 2 else { return .notApplicable("needs at least 2 numerical columns, found \(d)") }
        if let why = CorrelationComparison.tooFewRows(input) { return .notApplicable(why) }
        let comparison = try CorrelationComparison.cached(numerical, cache)
        var outcome = try body(comparison, d)
        if outcome.value != nil {
            outcome.details = ["columns": .array(numerical.entries.map { .string($0.name) }),
                               "real": .array(comparison.real.map { .number($0) }),
                               "synthetic": .array(comparison.synthetic.map { .number($0) })]
        }
        return outcome
    }
}
