import Testing
import SynthCore
import SynthTable
@testable import Evaluation

/// `fidelity.bound_share_ratio` against a hand computation on a small table.
@Suite struct BoundShareTests {
    // Real x: min 1 (2 of 10 rows), max 9 (1 of 10 rows), one missing row left out of the counts.
    // Real y: min 0 (5 of 11), max 4 (1 of 11).
    static let real = try! Table(columns: [
        .numerical("x", [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, nil]),
        .numerical("y", [0, 0, 0, 0, 0, 1, 2, 3, 4, 2, 1]),
        .categorical("c", ["a", "b", "a", "b", "a", "b", "a", "b", "a", "b", "a"]),
    ])

    static func input(syntheticX: [Double?], syntheticY: [Double?]) -> EvaluationInput {
        let synthetic = try! Table(columns: [.numerical("x", syntheticX), .numerical("y", syntheticY),
                                             .categorical("c", syntheticX.map { _ in "a" })])
        let metadata = Fixtures.metadata(for: real, sdtypes: ["x": .numerical, "y": .numerical, "c": .categorical])
        return EvaluationInput(real: real, synthetic: synthetic, metadata: metadata, seed: 1)
    }

    @Test func worstRatioAndSharesMatchAHandComputation() throws {
        // Synthetic x (8 rows, none missing): at or below 1: {1, 0.5} = 2/8; at or above 9: {9, 9, 12} = 3/8.
        //   ratios 0.25/0.2 = 1.25 and 0.375/0.1 = 3.75 -> 3.75.
        // Synthetic y (8 rows, one missing -> 7): at or below 0: {0, 0, -1} = 3/7; at or above 4: {} = 0.
        //   real shares y: 0 -> 5/11, 4 -> 1/11; ratios (3/7)/(5/11) = 33/35, 0 -> 33/35.
        let input = Self.input(syntheticX: [1, 0.5, 9, 9, 12, 3, 4, 5], syntheticY: [0, 0, -1, 1, 2, 3, nil, 2])
        let result = FidelitySuite.suite["bound_share_ratio"]!.compute(input)
        let value = try #require(result.value, "\(result.reason ?? result.error ?? "")")
        #expect(abs(value - 3.75) < 1e-12)
        guard case .object(let columns)? = result.details, case .object(let y)? = columns["y"],
              case .object(let x)? = columns["x"] else {
            Issue.record("no per-column details"); return
        }
        #expect(columns["c"] == nil)  // categorical columns are not read
        #expect(x["real_share_min"] == .number(0.2) && x["real_share_max"] == .number(0.1))
        #expect(x["synthetic_share_min"] == .number(0.25) && x["synthetic_share_max"] == .number(0.375))
        guard case .number(let ratioY)? = y["ratio"], case .number(let realY)? = y["real_share_min"] else {
            Issue.record("no y figures"); return
        }
        #expect(abs(realY - 5.0 / 11) < 1e-15)
        #expect(abs(ratioY - 33.0 / 35) < 1e-12)
        #expect(y["synthetic_share_max"] == .number(0))
    }

    @Test func theRealTableItselfScoresOneAndNoBoundScoresZero() throws {
        // Negative control and anchor: a copy of the real values gives 1 exactly; values strictly inside
        // every range give 0.
        let copy = Self.input(syntheticX: [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, nil], syntheticY: [0, 0, 0, 0, 0, 1, 2, 3, 4, 2, 1])
        #expect(FidelitySuite.suite["bound_share_ratio"]!.compute(copy).value == 1)
        let inside = Self.input(syntheticX: [2, 3, 4], syntheticY: [1, 2, 3])
        #expect(FidelitySuite.suite["bound_share_ratio"]!.compute(inside).value == 0)
    }

    @Test func noNumericalColumnIsNotApplicable() {
        let real = try! Table(columns: [.categorical("c", ["a", "b"])])
        let input = EvaluationInput(real: real, synthetic: real, metadata: Fixtures.metadata(for: real, sdtypes: ["c": .categorical]),
                                    seed: 1)
        let result = FidelitySuite.suite["bound_share_ratio"]!.compute(input)
        #expect(result.value == nil && result.status == .notApplicable)
    }
}
