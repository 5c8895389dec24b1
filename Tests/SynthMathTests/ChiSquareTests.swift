import Testing
@testable import SynthMath
import SynthTestSupport

/// Chi-square tests, contingency tables and Cramér's V against scipy.stats.chisquare, chi2_contingency and
/// contingency.association (scipy 1.17.1); the values come from `scripts/reference/chi_square.py`.
@Suite struct ChiSquareTests {
    @Test func goodnessOfFitMatchesScipy() throws {
        let uniform = try ChiSquare.goodnessOfFit(observed: [16, 18, 16, 14, 12, 12])
        #expect(uniform.statistic == 2.0 && uniform.degreesOfFreedom == 5)
        #expect(isClose(uniform.pValue, 0.8491450360846096, rel: 1e-13))
        let given = try ChiSquare.goodnessOfFit(observed: [16, 18, 16, 14, 12, 12], expected: [16, 16, 16, 16, 16, 8])
        #expect(given.statistic == 3.5)
        #expect(isClose(given.pValue, 0.6233876277495822, rel: 1e-13))
        let ddof = try ChiSquare.goodnessOfFit(observed: [16, 18, 16, 14, 12, 12], ddof: 1)
        #expect(ddof.degreesOfFreedom == 4)
        #expect(isClose(ddof.pValue, 0.7357588823428847, rel: 1e-13))
        // Proportions, as SynthCity passes them.
        let proportions = try ChiSquare.goodnessOfFit(observed: [0.2, 0.3, 0.5], expected: [0.25, 0.25, 0.5])
        #expect(isClose(proportions.statistic, 0.01999999999999999, rel: 1e-14))
        #expect(isClose(proportions.pValue, 0.9900498337491681, rel: 1e-13))
    }

    @Test func goodnessOfFitDegenerateCases() throws {
        // scipy: chisquare([5, 5], [10, 0]) -> (inf, 0.0); chisquare([5]) -> (0.0, nan).
        let zeroExpected = try ChiSquare.goodnessOfFit(observed: [5, 5], expected: [10, 0])
        #expect(zeroExpected.statistic == .infinity && zeroExpected.pValue == 0)
        let single = try ChiSquare.goodnessOfFit(observed: [5])
        #expect(single.statistic == 0 && single.pValue.isNaN && single.degreesOfFreedom == 0)
        #expect(throws: StatisticsError.emptySample("observed frequencies")) { try ChiSquare.goodnessOfFit(observed: []) }
        #expect(throws: StatisticsError.negativeValue("observed frequencies", index: 1)) {
            try ChiSquare.goodnessOfFit(observed: [1, -1, 3])
        }
        #expect(throws: StatisticsError.negativeValue("observed frequencies", index: 0)) {
            try ChiSquare.goodnessOfFit(observed: [.nan, 1])
        }
        #expect(throws: StatisticsError.lengthMismatch("observed frequencies", 2, "expected frequencies", 3)) {
            try ChiSquare.goodnessOfFit(observed: [1, 2], expected: [1, 1, 1])
        }
        #expect(throws: StatisticsError.self) { try ChiSquare.goodnessOfFit(observed: [10, 10], expected: [10, 11]) }
        // Within √ε ≈ 1.5e-8 relative the sums pass (SynthCity's 1e-11 fills), and the check can be turned off.
        _ = try ChiSquare.goodnessOfFit(observed: [0.5, 0.5], expected: [0.5, 0.5 + 1e-11])
        _ = try ChiSquare.goodnessOfFit(observed: [10, 10], expected: [10, 11], checkSums: false)
    }

    @Test func independenceMatchesScipy() throws {
        let t = try ContingencyTable([[12, 5], [7, 9]])
        let yates = try ChiSquare.independence(t)
        #expect(isClose(yates.statistic, 1.455996378814684, rel: 1e-13))
        #expect(isClose(yates.pValue, 0.22756821457580642, rel: 1e-13))
        #expect(yates.degreesOfFreedom == 1)
        #expect(isClose(yates.expected, [9.787878787878787, 7.212121212121212, 9.212121212121213, 6.787878787878788], rel: 1e-15))
        let plain = try ChiSquare.independence(t, yatesCorrection: false)
        #expect(isClose(plain.statistic, 2.4305755196815575, rel: 1e-13))
        #expect(isClose(plain.pValue, 0.118989205532145, rel: 1e-13))
        // |O − E| < 0.5 everywhere: Yates moves O onto E, χ² = 0, p = 1.
        let close = try ContingencyTable([[5, 5], [5, 6]])
        let closeYates = try ChiSquare.independence(close)
        #expect(closeYates.statistic == 0 && closeYates.pValue == 1)
        let closePlain = try ChiSquare.independence(close, yatesCorrection: false)
        #expect(isClose(closePlain.statistic, 0.043388429752066124, rel: 1e-13))
        #expect(isClose(closePlain.pValue, 0.8349955942110459, rel: 1e-13))
        // 3 x 4: no correction applies (dof 6).
        let big = try ContingencyTable([[30, 10, 5, 2], [20, 25, 8, 6], [4, 9, 18, 20]])
        for correction in [true, false] {
            let r = try ChiSquare.independence(big, yatesCorrection: correction)
            #expect(isClose(r.statistic, 58.592927271704134, rel: 1e-13))
            #expect(isClose(r.pValue, 8.688289405964656e-11, rel: 1e-11))
            #expect(r.degreesOfFreedom == 6)
        }
        // One row: dof 0, χ² = 0, p = 1.
        let row = try ChiSquare.independence(try ContingencyTable([[3, 4, 5]]))
        #expect(row.statistic == 0 && row.pValue == 1 && row.degreesOfFreedom == 0)
    }

    @Test func independenceRejectsDegenerateTables() throws {
        #expect(throws: StatisticsError.zeroExpectedFrequency(row: 0, column: 1)) {
            try ChiSquare.independence(try ContingencyTable([[3, 0, 5], [2, 0, 1]]))
        }
        #expect(throws: StatisticsError.emptySample("contingency table")) {
            try ChiSquare.independence(try ContingencyTable([[0, 0], [0, 0]]))
        }
        #expect(throws: StatisticsError.negativeValue("counts", index: 2)) { try ContingencyTable([[1, 2], [-1, 3]]) }
        #expect(throws: StatisticsError.lengthMismatch("row 1", 1, "row 0", 2)) { try ContingencyTable([[1, 2], [3]]) }
    }

    @Test func cramersVMatchesScipy() throws {
        #expect(isClose(try ContingencyTable([[12, 5], [7, 9]]).cramersV(), 0.27139234260883977, rel: 1e-13))
        #expect(isClose(try ContingencyTable([[30, 10, 5, 2], [20, 25, 8, 6], [4, 9, 18, 20]]).cramersV(), 0.43197416497893576, rel: 1e-13))
        // An all-zero column is dropped first (scipy on [[10, 3], [2, 8]]).
        #expect(isClose(try ContingencyTable([[10, 0, 3], [2, 0, 8]]).cramersV(), 0.5649019553110248, rel: 1e-13))
        // One category on a side: undefined.
        #expect(try ContingencyTable([[3, 4, 5]]).cramersV().isNaN)
        #expect(try ContingencyTable([[3, 0], [4, 0]]).cramersV().isNaN)
        #expect(throws: StatisticsError.emptySample("contingency table")) { try ContingencyTable([[0, 0], [0, 0]]).cramersV() }
        // Perfect association: V = 1.
        #expect(isClose(try ContingencyTable([[7, 0, 0], [0, 4, 0], [0, 0, 9]]).cramersV(), 1, rel: 1e-15))
    }

    @Test func tableFromCodes() throws {
        let a: [Int32] = [0, 1, 1, 2, -1, 0, 2, 2]
        let b: [Int32] = [1, 0, 0, 1, 1, -1, 0, 1]
        let dropped = try ContingencyTable(rowCodes: a, rowLevels: 3, columnCodes: b, columnLevels: 2)
        #expect(dropped.rows == 3 && dropped.columns == 2)
        #expect(dropped.counts == [0, 1, 2, 0, 1, 2])
        let kept = try ContingencyTable(rowCodes: a, rowLevels: 3, columnCodes: b, columnLevels: 2, missing: .asCategory)
        #expect(kept.rows == 4 && kept.columns == 3)
        #expect(kept.counts == [0, 1, 1, 2, 0, 0, 1, 2, 0, 0, 1, 0])
        #expect(kept.total == 8 && kept.rowSums == [2, 2, 3, 1] && kept.columnSums == [3, 4, 1])
        #expect(throws: StatisticsError.lengthMismatch("row codes", 2, "column codes", 1)) {
            try ContingencyTable(rowCodes: [0, 1], rowLevels: 2, columnCodes: [0], columnLevels: 1)
        }
        #expect(throws: StatisticsError.self) {
            try ContingencyTable(rowCodes: [0, 5], rowLevels: 2, columnCodes: [0, 0], columnLevels: 1)
        }
    }

    @Test func categoryCounts() throws {
        let codes: [Int32] = [2, 0, -1, 2, 2, 1, -1]
        #expect(try CategoryCounts.count(codes, levels: 4) == [1, 1, 3, 0])
        #expect(try CategoryCounts.count(codes, levels: 3, missing: .asCategory) == [1, 1, 3, 2])
        #expect(throws: StatisticsError.self) { try CategoryCounts.count(codes, levels: 2) }
    }
}
