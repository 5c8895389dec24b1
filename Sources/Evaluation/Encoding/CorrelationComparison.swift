import SynthMath

/// The Pearson correlation matrices of the numerical columns of the real and the synthetic table
/// (pairwise-complete rows, pandas `DataFrame.corr()`), with undefined entries — a constant or empty
/// column — set to 0 (numpy `nan_to_num`, as SDV's correlation metrics do), compared on their
/// off-diagonal entries (the diagonal is 1 wherever defined and carries no information).
struct CorrelationComparison {
    /// Upper-triangle entries (i < j), row by row.
    var real: [Double] = []
    var synthetic: [Double] = []
    /// √(Σ_{i≠j} (r_ij − s_ij)²) = √2 · ‖upper-triangle difference‖.
    var frobenius: Double

    init(_ columns: NumericalColumns) throws {
        let cr = try Correlation.matrix(columns: columns.entries.map(\.real))
        let cs = try Correlation.matrix(columns: columns.entries.map(\.synthetic))
        let d = columns.entries.count
        var sum = 0.0
        for i in 0..<d {
            for j in (i + 1)..<d {
                let a = cr[i, j].isNaN ? 0 : cr[i, j], b = cs[i, j].isNaN ? 0 : cs[i, j]
                real.append(a)
                synthetic.append(b)
                sum += 2 * (a - b) * (a - b)
            }
        }
        frobenius = sum.squareRoot()
    }

    /// The comparison of an evaluation's numerical columns, computed once per cache.
    static func cached(_ columns: NumericalColumns, _ cache: EvaluationCache) throws -> CorrelationComparison {
        try cache.value("correlation-comparison") { try CorrelationComparison(columns) }
    }

    /// Why no correlation can be compared: a table with fewer than 2 rows (nil when both have enough).
    static func tooFewRows(_ input: EvaluationInput) -> String? {
        if input.real.rowCount < 2 { return "the real table has \(input.real.rowCount) rows; correlations need at least 2" }
        if input.synthetic.rowCount < 2 {
            return "the synthetic table has \(input.synthetic.rowCount) rows; correlations need at least 2"
        }
        return nil
    }
}
