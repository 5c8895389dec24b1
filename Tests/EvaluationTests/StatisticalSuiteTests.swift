import SynthCore
import Testing
import SynthTable
@testable import Evaluation
import SynthTestSupport

/// Expected values from scipy 1.17 / numpy / pandas on the same vectors (see each comment;
/// scripts/reference/evaluation_vectors.py prints them).
@Suite struct StatisticalSuiteTests {
    static func input(extraReal: [Column] = [], extraSynthetic: [Column] = [], sdtypes: [String: SDVSdtype] = [:]) throws -> EvaluationInput {
        let real = try Table(columns: [
            .numerical("x", [1, 2, 3, 4, 5, 6, 7, 8]), .numerical("y", [2, 1, 4, 3, 6, 5, 8, 7]),
            .numerical("z", [8, 6, 7, 5, 3, 4, 2, 1]), .categorical("c", ["a", "a", "a", "b", "b", "c", "c", "c"]),
            .categorical("c2", ["u", "u", "v", "v", "v", "w", "w", "w"])] + extraReal)
        let synthetic = try Table(columns: [
            .numerical("x", [2, 3, 4, 5, 6, 7, 8, 20]), .numerical("y", [1, 2, 3, 4, 5, 6, 7, 8]),
            .numerical("z", [5, 3, 8, 1, 7, 2, 6, 4]), .categorical("c", ["a", "a", "b", "b", "b", "b", "d", "c"]),
            .categorical("c2", ["u", "v", "v", "v", "v", "w", "w", "u"])] + extraSynthetic)
        let m = Fixtures.metadata(for: real, sdtypes: ["x": .numerical, "y": .numerical, "z": .numerical,
                                                       "c": .categorical, "c2": .categorical].merging(sdtypes) { $1 })
        return EvaluationInput(real: real, synthetic: synthetic, metadata: m, seed: 1)
    }

    static func column(_ r: MetricResult, _ name: String) -> JSONValue? {
        guard case .array(let rows)? = r.details?["columns"] else { return nil }
        return rows.first { $0["column"] == .string(name) }
    }

    @Test func numericalFiguresMatchScipy() throws {
        let r = StatisticalSuite.suite.evaluate(try Self.input())
        // x: ks_2samp D 0.125, p 1.0 (exact); y and z are permutations of the same values: D 0.
        #expect(isClose(r.value("ks_test"), 0.125 / 3, abs: 1e-14))
        #expect(Self.column(r["ks_test"]!, "x")?["p_value"]?.doubleValue == 1)
        #expect(Self.column(r["ks_test"]!, "x")?["method"] == "exact")
        // wasserstein_distance(x) = 2.375; / (8 − 1).
        #expect(isClose(Self.column(r["wasserstein"]!, "x")?["distance"]?.doubleValue, 2.375, abs: 1e-14))
        #expect(isClose(r.value("wasserstein"), 0.3392857142857143 / 3, abs: 1e-14))
        // 10 bins over [1, 20]: counts [2,2,2,2,0,...] vs [1,2,2,2,0,...,1]; jensenshannon(base=2).
        #expect(isClose(r.value("jensen_shannon"), 0.2789615226420719 / 3, abs: 1e-14))
        // entropy((c+0.5)/13, (c'+0.5)/13).
        #expect(isClose(r.value("kl_divergence"), 0.055981378083147834 / 3, abs: 1e-14))
        // Real fences [-2.5, 11.5]: the synthetic 20 is outside.
        let iqr = Self.column(r["iqr_outliers"]!, "x")
        #expect(iqr?["real_rate"] == 0 && iqr?["synthetic_rate"] == 0.125 && iqr?["lower_fence"] == -2.5 && iqr?["upper_fence"] == 11.5)
        #expect(isClose(r.value("iqr_outliers"), 0.125 / 3, abs: 1e-14))
    }

    @Test func correlationPreservationMatchesPandas() throws {
        let r = StatisticalSuite.suite.evaluate(try Self.input())
        // pandas .corr() upper triangles [0.9048, -0.9524, -0.8571] and [0.8283, -0.0772, -0.0476].
        #expect(isClose(r.value("corr_frobenius"), 1.6894734049073936, abs: 1e-14))
        #expect(isClose(r.value("corr_pearson"), 0.9998585136764584, abs: 1e-12))
        #expect(isClose(r.value("corr_mean_abs_diff"), 0.5870562615852006, abs: 1e-14))
        var two = try Self.input()
        two.metadata.columns.removeAll { $0.name == "z" }
        let t = StatisticalSuite.suite.evaluate(two)
        #expect(t["corr_pearson"]?.status == .notApplicable && t["corr_frobenius"]?.status == .ok)
    }

    @Test func chiSquaredFollowsThePolicyForUnseenCategories() throws {
        let r = StatisticalSuite.suite.evaluate(try Self.input())
        // c2: chisquare([2,4,2], [2,3,3]) = 0.6667, p = exp(-1/3).
        let c2 = Self.column(r["chi_squared"]!, "c2")
        #expect(isClose(c2?["statistic"]?.doubleValue, 2.0 / 3, abs: 1e-14) && isClose(c2?["p_value"]?.doubleValue, 0.7165313105737892, abs: 1e-14))
        #expect(c2?["degrees_of_freedom"] == 2)
        // c: the synthetic-only category d has expected count 0: χ² = ∞, p = 0.
        let c = Self.column(r["chi_squared"]!, "c")
        #expect(c?["p_value"] == 0 && c?["statistic_is_infinite"] == true && c?["synthetic_only_categories"] == 1)
        #expect(isClose(r.value("chi_squared"), 0.7165313105737892 / 2, abs: 1e-14))
    }

    @Test func degenerateColumnsAreSkippedWithReasons() throws {
        let input = try Self.input(
            extraReal: [.numerical("const", Array(repeating: 5, count: 8)), .numerical("empty", Array(repeating: nil, count: 8)),
                        .categorical("one", Array(repeating: "k", count: 8)), .numerical("inf", [1, 2, 3, 4, 5, 6, 7, 8]),
                        .categorical("text", Array(repeating: "t", count: 8))],
            extraSynthetic: [.numerical("const", Array(repeating: 5, count: 8)), .numerical("empty", [1, 2, 3, 4, 5, 6, 7, 8]),
                             .categorical("one", Array(repeating: "k", count: 8)), .numerical("inf", [1, 2, 3, 4, 5, 6, 7, .infinity]),
                             .categorical("text", Array(repeating: "t", count: 8))],
            sdtypes: ["const": .numerical, "empty": .numerical, "one": .categorical, "inf": .numerical, "text": .numerical])
        let r = StatisticalSuite.suite.evaluate(input)
        #expect(r.errors.isEmpty, "\(r.errors)")
        func skipped(_ id: String) -> [String: String] {
            guard case .array(let rows)? = r[id]?.details?["skipped"] else { return [:] }
            var out: [String: String] = [:]
            for row in rows { if case .string(let c)? = row["column"], case .string(let why)? = row["reason"] { out[c] = why } }
            return out
        }
        #expect(skipped("ks_test")["empty"] == "no real values" && skipped("ks_test")["text"] != nil)
        #expect(skipped("chi_squared")["one"] == "a single category in both tables: no degrees of freedom")
        #expect(skipped("jensen_shannon")["inf"] != nil && skipped("kl_divergence")["inf"] != nil && skipped("wasserstein")["inf"] != nil)
        // A constant column that stays constant is a perfect match everywhere.
        let const = Self.column(r["jensen_shannon"]!, "const")
        #expect(const?["distance"] == 0 && Self.column(r["ks_test"]!, "const")?["statistic"] == 0)
        #expect(Self.column(r["iqr_outliers"]!, "const")?["synthetic_rate"] == 0)
        #expect(Self.column(r["wasserstein"]!, "const")?["scaled_distance"] == 0)
        #expect(Self.column(r["ks_test"]!, "inf") != nil)  // KS takes ±∞ as ordinary values
    }

    @Test func zeroRowsMakeEverythingNotApplicable() throws {
        var input = try Self.input()
        input.synthetic = input.synthetic.selectingRows([])
        let r = StatisticalSuite.suite.evaluate(input)
        #expect(r.metrics.allSatisfy { $0.status == .notApplicable }, "\(r.metrics.map { ($0.id, $0.status) })")
        input.real = input.real.selectingRows([])
        #expect(StatisticalSuite.suite.evaluate(input).metrics.allSatisfy { $0.status == .notApplicable })
    }
}
