import Testing
import SynthMath
import SynthTable
@testable import Evaluation

@Suite struct PayloadMetricTests {
    static func table(_ x: [Double?], _ c: [String?], _ n: [Int?]) throws -> Table {
        try Table(columns: [.numerical("x", x), .categorical("c", c), .integer("n", n)])
    }

    @Test func duplicateRateMatchesAcrossTypesAndMissing() throws {
        let real = try Self.table([1, 2, nil, 4], ["a", "b", "a", nil], [1, 2, 3, 4])
        // Row 0 copies real row 0; row 1 copies real row 2 (missing equals missing); row 2 differs in x;
        // row 3 uses levels in a different order but copies real row 1.
        let syn = try Table(columns: [.numerical("x", [1, nil, 2.5, 2]), .categorical("c", ["a", "a", "b", "b"]),
                                      .numerical("n", [1, 3, 2, 2])])
        #expect(try DuplicateRate.compute(real: real, synthetic: syn) == 0.75)
        #expect(try DuplicateRate.compute(real: real, synthetic: real) == 1)
    }

    /// The hashed row set counts what comparing every synthetic row with every real row counts (brute
    /// force), on tables of few distinct values (many copies, repeated real rows, missing values, −0).
    @Test func duplicateRateEqualsABruteForceCount() throws {
        for seed in 1...6 as ClosedRange<UInt64> {
            var r = RandomStream(seed: seed)
            func values(_ n: Int) -> [Double?] { (0..<n).map { _ in [nil, 0.0, -0.0, 1.5, 2][r.nextInt(below: 5)] } }
            func labels(_ n: Int) -> [String?] { (0..<n).map { _ in [nil, "a", "b"][r.nextInt(below: 3)] } }
            let (n, m) = (50 + r.nextInt(below: 100), 50 + r.nextInt(below: 100))
            let real = try Table(columns: [.numerical("x", values(n)), .categorical("c", labels(n)), .numerical("y", values(n))])
            let syn = try Table(columns: [.numerical("x", values(m)), .categorical("c", labels(m)), .numerical("y", values(m))])
            let enc = try AlignedEncoding([real, syn])
            let copies = (0..<m).filter { j in (0..<n).contains { enc.rowKey(table: 0, row: $0) == enc.rowKey(table: 1, row: j) } }.count
            let rate = try DuplicateRate.compute(real: real, synthetic: syn)
            #expect(rate == Double(copies) / Double(m), "seed \(seed)")
            // Every row hashed alike: each bulk-verified twin fails, so the exact fallbacks alone decide.
            let (rv, sv) = try DuplicateRate.RowValues.aligned(real, syn)
            #expect(DuplicateRate.copies(rv, sv, hash: { [UInt64](repeating: 7, count: $0.rows) }) == copies, "seed \(seed)")
            #expect(copies > 0 && copies < m, "seed \(seed): the case must have copies and non-copies")
        }
    }

    @Test func rareCoverageAndSkew() throws {
        // Real: a 90, b 6, c 4 of 100 -> rare (<= 5 %): c only. Synthetic has a 50, b 50: misses c.
        let real = try Table(columns: [.categorical("c", Array(repeating: "a", count: 90) + Array(repeating: "b", count: 6)
                                                          + Array(repeating: "c", count: 4))])
        let syn = try Table(columns: [.categorical("c", Array(repeating: "a", count: 50) + Array(repeating: "b", count: 50))])
        let r = try CategoryFrequencies.compute(real: real, synthetic: syn, columns: ["c"])
        #expect(r.rareCategories == 1 && r.rareCoverage == 0)
        // TV = 0.5 * (|0.9-0.5| + |0.06-0.5| + |0.04-0|) = 0.44
        #expect(abs(r.frequencySkew! - 0.44) < 1e-12)
        let same = try CategoryFrequencies.compute(real: real, synthetic: real, columns: ["c"])
        #expect(same.rareCoverage == 1 && same.frequencySkew == 0)
        let none = try CategoryFrequencies.compute(real: syn, synthetic: syn, columns: ["c"])
        #expect(none.rareCoverage == nil && none.rareCategories == 0)
    }

    @Test func membershipInferenceSeesCopiesAsIndistinguishableAndNoiseAsSeparable() throws {
        var r = RandomStream(seed: 4)
        let n = 600
        let real = try Table(columns: [.numerical("x", (0..<n).map { _ in r.nextNormal() }),
                                       .categorical("c", (0..<n).map { _ in ["u", "v"][r.nextInt(below: 2)] })])
        let shifted = try Table(columns: [.numerical("x", (0..<n).map { _ in r.nextNormal() + 4 }),
                                          .categorical("c", (0..<n).map { _ in ["u", "v"][r.nextInt(below: 2)] })])
        let fresh = try Table(columns: [.numerical("x", (0..<n).map { _ in r.nextNormal() }),
                                        .categorical("c", (0..<n).map { _ in ["u", "v"][r.nextInt(below: 2)] })])
        let opts = RandomForestClassifier.Options(treeCount: 30)
        #expect(try MembershipInferenceAUC.compute(real: real, synthetic: shifted, seed: 1, forest: opts) > 0.97)
        #expect(abs(try MembershipInferenceAUC.compute(real: real, synthetic: fresh, seed: 1, forest: opts) - 0.5) < 0.1)
        let a = try MembershipInferenceAUC.compute(real: real, synthetic: fresh, seed: 2, forest: opts)
        #expect(a == (try MembershipInferenceAUC.compute(real: real, synthetic: fresh, seed: 2, forest: opts)))
    }
}
