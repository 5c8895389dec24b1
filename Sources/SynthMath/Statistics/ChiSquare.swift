import Foundation

/// Pearson's chi-square tests: goodness of fit (scipy.stats.chisquare) and independence in a two-way
/// table (scipy.stats.chi2_contingency). p-values are Q(dof/2, χ²/2), the chi-square survival function
/// through the regularised upper incomplete gamma function.
public enum ChiSquare {
    public struct Result: Sendable, Equatable {
        public var statistic: Double
        public var pValue: Double
        public var degreesOfFreedom: Int
    }

    public struct IndependenceResult: Sendable, Equatable {
        public var statistic: Double
        public var pValue: Double
        public var degreesOfFreedom: Int
        /// Expected counts under independence, row-major like the table.
        public var expected: [Double]
    }

    /// The chi-square survival function P(χ²_dof > x); NaN when dof ≤ 0 (as scipy's chdtrc).
    public static func survival(_ x: Double, degreesOfFreedom dof: Int) -> Double {
        guard dof > 0 else { return .nan }
        if x.isNaN { return .nan }
        if x <= 0 { return 1 }
        return Special.regularizedGammaQ(Double(dof) / 2, x / 2)
    }

    /// Goodness of fit: χ² = Σ (O_i − E_i)²/E_i with k − 1 − ddof degrees of freedom
    /// (scipy.stats.chisquare(f_obs, f_exp, ddof)). Without `expected`, every E_i is the mean of `observed`.
    ///
    /// As scipy: the totals of O and E must agree to a relative tolerance of √ε ≈ 1.5e-8 (else
    /// ``StatisticsError/sumsDiffer(observed:expected:relativeTolerance:)``) unless `checkSums` is false;
    /// a cell with E = 0 makes χ² = ∞ (p = 0), or NaN when its O is also 0; dof ≤ 0 gives p = NaN.
    /// Frequencies may be proportions. Negative or NaN frequencies throw; so do empty or mismatched inputs.
    public static func goodnessOfFit(observed: UnsafeBufferPointer<Double>, expected: UnsafeBufferPointer<Double>? = nil,
                                     ddof: Int = 0, checkSums: Bool = true) throws -> Result {
        guard !observed.isEmpty else { throw StatisticsError.emptySample("observed frequencies") }
        for i in observed.indices where !(observed[i] >= 0) {
            throw StatisticsError.negativeValue("observed frequencies", index: i)
        }
        let observedSum = observed.reduce(0, +)
        var statistic = 0.0
        if let expected {
            guard expected.count == observed.count else {
                throw StatisticsError.lengthMismatch("observed frequencies", observed.count, "expected frequencies", expected.count)
            }
            for i in expected.indices where !(expected[i] >= 0) {
                throw StatisticsError.negativeValue("expected frequencies", index: i)
            }
            if checkSums {
                let expectedSum = expected.reduce(0, +)
                let tolerance = Double.ulpOfOne.squareRoot()
                if abs(observedSum - expectedSum) / min(observedSum, expectedSum) > tolerance {
                    throw StatisticsError.sumsDiffer(observed: observedSum, expected: expectedSum, relativeTolerance: tolerance)
                }
            }
            for i in observed.indices {
                let d = observed[i] - expected[i]
                statistic += d * d / expected[i]
            }
        } else {
            let mean = observedSum / Double(observed.count)
            for o in observed { statistic += (o - mean) * (o - mean) / mean }
        }
        let dof = observed.count - 1 - ddof
        return Result(statistic: statistic, pValue: survival(statistic, degreesOfFreedom: dof), degreesOfFreedom: dof)
    }

    public static func goodnessOfFit(observed: [Double], expected: [Double]? = nil, ddof: Int = 0,
                                     checkSums: Bool = true) throws -> Result {
        try observed.withUnsafeBufferPointer { o in
            try withOptionalBuffer(expected) { e in
                try goodnessOfFit(observed: o, expected: e, ddof: ddof, checkSums: checkSums)
            }
        }
    }

    /// Test of independence in a two-way table (scipy.stats.chi2_contingency(table, correction=...)):
    /// E_rc = R_r·C_c/N, dof = (r − 1)(c − 1). With dof = 1 and `yatesCorrection` (scipy's default), each
    /// O moves toward E by min(0.5, |O − E|) before χ² = Σ (O − E)²/E. With dof = 0 (a single row or
    /// column) χ² = 0 and p = 1. An all-zero row or column (a zero expected count) throws
    /// ``StatisticsError/zeroExpectedFrequency(row:column:)``, as scipy raises; an all-zero table throws
    /// ``StatisticsError/emptySample(_:)``.
    public static func independence(_ table: ContingencyTable, yatesCorrection: Bool = true) throws -> IndependenceResult {
        guard table.total > 0 else { throw StatisticsError.emptySample("contingency table") }
        let expected = table.expectedFrequencies
        if let zero = expected.firstIndex(of: 0) {
            throw StatisticsError.zeroExpectedFrequency(row: zero / table.columns, column: zero % table.columns)
        }
        let dof = (table.rows - 1) * (table.columns - 1)
        if dof == 0 { return IndependenceResult(statistic: 0, pValue: 1, degreesOfFreedom: 0, expected: expected) }
        var statistic = 0.0
        for i in expected.indices {
            var o = table.counts[i]
            let e = expected[i]
            if dof == 1 && yatesCorrection {
                let diff = e - o
                o += min(0.5, abs(diff)) * (diff > 0 ? 1 : (diff < 0 ? -1 : 0))
            }
            statistic += (o - e) * (o - e) / e
        }
        return IndependenceResult(statistic: statistic, pValue: survival(statistic, degreesOfFreedom: dof),
                                  degreesOfFreedom: dof, expected: expected)
    }
}
