import SynthMath

/// SDMetrics' CorrelationSimilarity (Pearson) as the Quality Report runs it on two continuous columns:
///
/// 1. a column with exactly one distinct non-missing value in the real, then the synthetic, table is an
///    error ("ConstantInputError");
/// 2. rows with a missing value in either column are dropped, per table; fewer than 2 rows left is an
///    error (scipy.stats.pearsonr's "ValueError");
/// 3. r_real = Pearson r of the real rows; when |r_real| ≤ the threshold the score is NaN (and the
///    synthetic correlation is not computed);
/// 4. r_syn likewise; either r NaN (constant over the complete rows) gives NaN;
/// 5. score = 1 − |r_real − r_syn| / 2.
///
/// The pair meets the threshold when r_real is a number with |r_real| > threshold (always when the
/// threshold is 0).
enum CorrelationSimilarity {
    struct Breakdown {
        var score: SDMetricsScore
        var real: Double
        var synthetic: Double
        var meetsThreshold: Bool?
    }

    static func compute(real: (x: [Double], y: [Double]), synthetic: (x: [Double], y: [Double]),
                        names: (String, String), threshold: Double) -> Breakdown {
        func failed(_ type: String, _ message: String) -> Breakdown {
            Breakdown(score: .failure(type, message), real: .nan, synthetic: .nan, meetsThreshold: nil)
        }
        for (label, data) in [("real data", real), ("synthetic data", synthetic)] {
            var constant: [String] = []
            if isConstant(data.x) { constant.append(names.0) }
            if isConstant(data.y) { constant.append(names.1) }
            if constant.count == 2 {
                return failed("ConstantInputError", "The \(label) in columns '\(constant.joined(separator: ", "))' contains a constant value. Correlation is undefined for constant data.")
            }
            if constant.count == 1 {
                return failed("ConstantInputError", "The \(label) in column '\(constant[0])' contains a constant value. Correlation is undefined for constant data.")
            }
        }
        guard completeRows(real.x, real.y) >= 2 else { return failed("ValueError", "`x` and `y` must have length at least 2.") }
        let rReal = (try? Correlation.pearson(real.x, real.y)) ?? .nan
        let meets = threshold <= 0 ? true : (!rReal.isNaN && abs(rReal) > threshold)
        if abs(rReal) <= threshold {
            return Breakdown(score: .value(.nan), real: rReal, synthetic: .nan, meetsThreshold: meets)
        }
        guard completeRows(synthetic.x, synthetic.y) >= 2 else {
            return failed("ValueError", "`x` and `y` must have length at least 2.")
        }
        let rSyn = (try? Correlation.pearson(synthetic.x, synthetic.y)) ?? .nan
        let score = rReal.isNaN || rSyn.isNaN ? Double.nan : 1 - abs(rReal - rSyn) / 2
        return Breakdown(score: .value(score), real: rReal, synthetic: rSyn, meetsThreshold: meets)
    }

    /// pandas `nunique() == 1`: exactly one distinct non-missing value.
    static func isConstant(_ v: [Double]) -> Bool {
        var first: Double? = nil
        for x in v where !x.isNaN {
            if let f = first { if x != f { return false } } else { first = x }
        }
        return first != nil
    }

    static func completeRows(_ x: [Double], _ y: [Double]) -> Int {
        var n = 0
        for i in x.indices where !x[i].isNaN && !y[i].isNaN { n += 1 }
        return n
    }
}
