import Testing
@testable import SynthMath
import SynthTestSupport

/// Correlations and ranks against scipy.stats.pearsonr, spearmanr and rankdata (scipy 1.17.1); the matrix
/// against pandas' pairwise-complete rule, reproduced with scipy on each pair's complete rows
/// (scripts/reference/correlations_quantiles.py).
@Suite struct CorrelationTests {
    @Test func pearsonAndSpearmanMatchScipy() throws {
        let x: [Double] = [1, 2, 3.5, 4, 7, 8.5], y = [2.1, 3.9, 6.2, 8.8, 13.0, 17.5]
        #expect(isClose(try Correlation.pearson(x, y), 0.9925439567070946, rel: 1e-14))
        #expect(isClose(try Correlation.spearman(x, y), 1.0, rel: 1e-15))
        let xt: [Double] = [1, 2, 2, 3, 4, 4, 4, 5], yt: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
        #expect(isClose(try Correlation.pearson(xt, yt), 0.5030376637372143, rel: 1e-14))
        #expect(isClose(try Correlation.spearman(xt, yt), 0.5495502618648208, rel: 1e-14))
        let l1 = StatTest.lattice(200, 37, 1009)
        let l2 = zip(l1, StatTest.lattice(200, 53, 1013, scale: 0.3)).map { $0 * $0 + $1 }
        #expect(isClose(try Correlation.pearson(l1, l2), 0.932074207970298, rel: 1e-13))
        #expect(isClose(try Correlation.spearman(l1, l2), 0.9312937823445587, rel: 1e-13))
    }

    @Test func nanPairsAreDropped() throws {
        let x: [Double] = [1, .nan, 2, 3.5, 4, 7, 8.5, 100], y = [2.1, 50, 3.9, 6.2, 8.8, 13.0, 17.5, .nan]
        #expect(isClose(try Correlation.pearson(x, y), 0.9925439567070946, rel: 1e-14))
        #expect(isClose(try Correlation.spearman(x, y), 1.0, rel: 1e-15))
    }

    @Test func undefinedCorrelationsAreNaN() throws {
        #expect(try Correlation.pearson([1, 2, 3], [1, 1, 1]).isNaN)   // scipy: nan (ConstantInputWarning)
        #expect(try Correlation.spearman([1, 2, 3], [4, 4, 4]).isNaN)
        #expect(try Correlation.pearson([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], Array(1...10).map(Double.init)).isNaN)
        #expect(try Correlation.pearson([1], [2]).isNaN)
        #expect(try Correlation.pearson([], []).isNaN)
        #expect(try Correlation.pearson([.nan, 1, 2], [3, .nan, 4]).isNaN)
        #expect(throws: StatisticsError.lengthMismatch("x", 2, "y", 3)) { try Correlation.pearson([1, 2], [1, 2, 3]) }
    }

    @Test func ranksMatchScipy() {
        #expect(Ranking.averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]) == [4.5, 1.5, 6.0, 1.5, 8.0, 11.0, 3.0, 10.0, 8.0, 4.5, 8.0])
        let withNaN = Ranking.averageRanks([2, .nan, 1, 2])
        #expect(withNaN[0] == 2.5 && withNaN[1].isNaN && withNaN[2] == 1 && withNaN[3] == 2.5)
        // Past the radix threshold: ranks of a permutation with every value doubled.
        let values = StatTest.lattice(500, 7, 251)
        let ranks = Ranking.averageRanks(values)
        for (v, r) in zip(values, ranks) {
            let below = values.filter { $0 < v }.count, equal = values.filter { $0 == v }.count
            #expect(r == Double(below) + Double(equal + 1) / 2)
        }
    }

    static let columns: [[Double]] = [
        [1, 2, .nan, 4, 5, 6, 7.5], [2, 1, 3, .nan, 6, 5.5, 9], [5, 5, 5, 5, 5, 5, 5],
        [0.3, .nan, .nan, .nan, .nan, .nan, 0.1], [7, 3, 4, 1, 2, 0, -1],
    ]

    @Test(arguments: [
        (Correlation.Method.pearson, [[1.0, 0.9477632161236601, .nan, -1.0, -0.9112270452710856],
                                      [0.9477632161236601, 1.0, .nan, -1.0, -0.799621488189628],
                                      [.nan, .nan, .nan, .nan, .nan],
                                      [-1.0, -1.0, .nan, 1.0, 1.0],
                                      [-0.9112270452710856, -0.799621488189628, .nan, 1.0, 1.0]]),
        (Correlation.Method.spearman, [[1.0, 0.7999999999999999, .nan, -0.9999999999999999, -0.942857142857143],
                                       [0.7999999999999999, 1.0, .nan, -0.9999999999999999, -0.7714285714285715],
                                       [.nan, .nan, .nan, .nan, .nan],
                                       [-0.9999999999999999, -0.9999999999999999, .nan, 1.0, 0.9999999999999999],
                                       [-0.942857142857143, -0.7714285714285715, .nan, 0.9999999999999999, 1.0]]),
    ])
    func matrixIsPairwiseComplete(method: Correlation.Method, expected: [[Double]]) throws {
        let m = try Correlation.matrix(columns: Self.columns, method: method)
        for i in 0..<5 {
            for j in 0..<5 {
                if i == j {
                    #expect(i == 2 ? m[i, i].isNaN : m[i, i] == 1)  // column 2 is constant
                } else {
                    #expect(isClose(m[i, j], expected[i][j], rel: 1e-14), "(\(i), \(j)): \(m[i, j]) vs \(expected[i][j])")
                }
            }
        }
        #expect(throws: StatisticsError.lengthMismatch("column 1", 2, "column 0", 3)) {
            try Correlation.matrix(columns: [[1, 2, 3], [1, 2]])
        }
    }

    /// NaN-free columns go through one Gram matrix (dgemm); it must agree with the pairwise coefficients.
    @Test(arguments: Correlation.Method.allCases)
    func nanFreeMatrixAgreesWithPairs(method: Correlation.Method) throws {
        let l1 = StatTest.lattice(200, 37, 1009)
        let l2 = zip(l1, StatTest.lattice(200, 53, 1013, scale: 0.3)).map { $0 * $0 + $1 }
        let columns = [l1, l2, StatTest.lattice(200, 11, 13), [Double](repeating: 2.5, count: 200), l1.map { -$0 }]
        let m = try Correlation.matrix(columns: columns, method: method)
        #expect(isClose(m[0, 1], method == .pearson ? 0.932074207970298 : 0.9312937823445587, rel: 1e-13))
        for i in 0..<5 {
            for j in 0..<5 {
                if i == 3 || j == 3 { #expect(m[i, j].isNaN); continue }
                let pair = i == j ? 1 : try Correlation.coefficient(columns[i], columns[j], method: method)
                #expect(isClose(m[i, j], pair, rel: 1e-13), "(\(i), \(j))")
            }
        }
        #expect(m[0, 4] == -1)
    }

    @Test func frobeniusDistance() throws {
        let a = Matrix([[1, 0.5, .nan], [0.5, 1, 0.2], [.nan, 0.2, 1]])
        let b = Matrix([[1, 0.3, 0.1], [0.3, 1, -0.4], [0.1, -0.4, 1]])
        #expect(isClose(try Correlation.frobeniusDistance(a, b, nanEntries: .skip), 0.8944271909999161, rel: 1e-15))
        #expect(try Correlation.frobeniusDistance(a, b).isNaN)
        #expect(try Correlation.frobeniusDistance(b, b) == 0)
        #expect(throws: StatisticsError.self) { try Correlation.frobeniusDistance(a, Matrix.identity(2)) }
    }
}
