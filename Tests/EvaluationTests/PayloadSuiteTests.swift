import Foundation
import SynthCore
import Testing
import SynthMath
import SynthTable
@testable import Evaluation

@Suite struct PayloadSuiteTests {
    static let fastForest = RandomForestClassifier.Options(treeCount: 25)
    static let options = PayloadSuite.Options(forest: fastForest)

    /// x, y, z numerical (y and z are permutations of each other's values across tables), c categorical,
    /// t text stored under a numerical sdtype (must be skipped), id an id column.
    static func smallPair(syntheticZ: [Double?] = [5, 3, 8, 1, 7, 2, 6, 4]) throws -> EvaluationInput {
        let real = try Table(columns: [
            .numerical("x", [1, 2, 3, 4, 5, 6, 7, 8]), .numerical("y", [2, 1, 4, 3, 6, 5, 8, 7]),
            .numerical("z", [8, 6, 7, 5, 3, 4, 2, 1]), .categorical("c", ["a", "a", "a", "b", "b", "c", "c", "c"]),
            .categorical("t", ["p", "q", "p", "q", "p", "q", "p", "q"]), .integer("id", Array(0..<8))])
        let synthetic = try Table(columns: [
            .numerical("x", [2, 3, 4, 5, 6, 7, 8, 20]), .numerical("y", [1, 2, 3, 4, 5, 6, 7, 8]),
            .numerical("z", syntheticZ), .categorical("c", ["a", "a", "b", "b", "b", "b", "d", "c"]),
            .categorical("t", ["p", "p", "p", "q", "p", "q", "p", "q"]), .integer("id", Array(10..<18))])
        let m = Fixtures.metadata(for: real, sdtypes: ["x": .numerical, "y": .numerical, "z": .numerical,
                                                       "c": .categorical, "t": .numerical, "id": .id])
        return EvaluationInput(real: real, synthetic: synthetic, metadata: m, seed: 3)
    }

    @Test func ksMeanAndCorrDeltaMatchHandComputedValues() throws {
        let r = PayloadSuite.suite(options: Self.options).evaluate(try Self.smallPair())
        // scipy.stats.ks_2samp: x 0.125, y 0, z 0; the text column t is skipped (scripts/reference/evaluation_vectors.py).
        #expect(abs(r.value("ks_mean")! - 0.041666666666666664) < 1e-15)
        #expect(r["ks_mean"]?.details?["skipped"] == [["column": "t", "reason": "stored as categorical text although its sdtype is numerical"]])
        // pandas .corr() upper triangles [0.9048, -0.9524, -0.8571] vs [0.8283, -0.0772, -0.0476]:
        // sqrt(2 Σ d²) / sqrt(3·2).
        #expect(abs(r.value("corr_delta")! - 0.6897246293376054) < 1e-14)
    }

    @Test func corrDeltaSetsUndefinedCorrelationsToZero() throws {
        let r = PayloadSuite.suite(options: Self.options).evaluate(try Self.smallPair(syntheticZ: Array(repeating: 3, count: 8)))
        // numpy.nan_to_num on the synthetic matrix (z constant): entries [0.8283, 0, 0].
        #expect(abs(r.value("corr_delta")! - 0.741072644221886) < 1e-14)
    }

    @Test func notApplicableAndDegenerateCases() throws {
        var input = try Self.smallPair()
        input.metadata.columns.removeAll { $0.name == "y" || $0.name == "z" }
        let one = PayloadSuite.suite(options: Self.options).evaluate(input)
        #expect(one["corr_delta"]?.status == .notApplicable)
        #expect(one["auroc"]?.status == .notApplicable && one["c_index"]?.status == .notApplicable)

        var empty = try Self.smallPair()
        empty.synthetic = empty.synthetic.selectingRows([])
        let e = PayloadSuite.suite(options: Self.options).evaluate(empty)
        for id in ["ks_mean", "corr_delta", "mia_auc", "dup_rate", "rare_coverage", "freq_skew"] {
            #expect(e[id]?.status == .notApplicable, "\(id): \(String(describing: e[id]))")
        }

        var allMissing = try Self.smallPair()
        try allMissing.synthetic.setColumn(.numerical("x", Array(repeating: nil, count: 8)))
        let m = PayloadSuite.suite(options: Self.options).evaluate(allMissing)
        #expect(abs(m.value("ks_mean")! - 0) < 1e-15)  // only y and z remain, both D = 0
        #expect(m.value("corr_delta") != nil)

        var missingColumn = try Self.smallPair()
        missingColumn.synthetic.removeColumn(named: "x")
        let mc = PayloadSuite.suite(options: Self.options).evaluate(missingColumn)
        #expect(mc["ks_mean"]?.status == .error && mc["ks_mean"]!.error!.contains("'x'"))
    }

    @Test func cIndexIsAnErrorForSurvivalTargets() throws {
        var input = try Self.smallPair()
        input.metadata.target = "x"
        input.metadata.task = .survival
        let r = PayloadSuite.suite(options: Self.options).evaluate(input)
        #expect(r["c_index"]?.status == .error && r["c_index"]!.error!.contains("event-indicator"))
        #expect(r["auroc"]?.status == .notApplicable)
    }

    // MARK: TSTR

    /// `rows` rows with features a (normal), b (categorical u/v/w) and a label that follows a (and b);
    /// `labelFrom` chooses how the label is made: predictable, or a random permutation of it.
    static func classificationTable(rows: Int, seed: UInt64, classes: Int = 2, shuffleLabels: Bool = false) -> Table {
        var r = RandomStream(seed: seed)
        var a: [Double?] = [], b: [String?] = [], y: [String?] = []
        for _ in 0..<rows {
            let x = r.nextNormal(), cat = ["u", "v", "w"][r.nextInt(below: 3)]
            a.append(x)
            b.append(cat)
            let score = x + (cat == "u" ? 0.5 : 0) + 0.3 * r.nextNormal()
            let label = classes == 2 ? (score > 0 ? 1 : 0) : (score < -0.5 ? 0 : (score < 0.5 ? 1 : 2))
            y.append("class\(label)")
        }
        if shuffleLabels { r.shuffle(&y) }
        return try! Table(columns: [.numerical("a", a), .categorical("b", b), .categorical("y", y)])
    }

    static func classificationInput(real: Table, synthetic: Table, holdout: Table? = nil) -> EvaluationInput {
        let m = Fixtures.metadata(for: real, sdtypes: ["a": .numerical, "b": .categorical, "y": .categorical],
                                  target: "y", task: .classification)
        return EvaluationInput(real: real, synthetic: synthetic, metadata: m, holdout: holdout, seed: 11)
    }

    static func auroc(_ input: EvaluationInput) -> MetricResult {
        PayloadSuite.suite(options: options).metrics.first { $0.id == "payload.auroc" }!.compute(input)
    }

    @Test func tstrAUROCIsHighForAPredictableTargetAndChanceWhenShuffled() {
        let real = Self.classificationTable(rows: 400, seed: 1)
        let good = Self.auroc(Self.classificationInput(real: real, synthetic: Self.classificationTable(rows: 400, seed: 2)))
        #expect(good.value! > 0.9, "\(String(describing: good.value))")
        #expect(good.details?["test_table"] == "real" && good.details?["train_rows"] == 400)
        let shuffled = Self.auroc(Self.classificationInput(
            real: real, synthetic: Self.classificationTable(rows: 400, seed: 2, shuffleLabels: true)))
        #expect(abs(shuffled.value! - 0.5) < 0.1, "\(String(describing: shuffled.value))")
        let multi = Self.auroc(Self.classificationInput(real: Self.classificationTable(rows: 400, seed: 1, classes: 3),
                                                        synthetic: Self.classificationTable(rows: 400, seed: 2, classes: 3)))
        #expect(multi.value! > 0.85 && multi.details?["labels"]?.arrayCount == 3)
    }

    @Test func tstrUsesTheHoldoutWhenGiven() {
        let real = Self.classificationTable(rows: 300, seed: 1), synthetic = Self.classificationTable(rows: 300, seed: 2)
        let holdout = Self.classificationTable(rows: 300, seed: 3, shuffleLabels: true)
        let r = Self.auroc(Self.classificationInput(real: real, synthetic: synthetic, holdout: holdout))
        #expect(r.details?["test_table"] == "hold-out")
        #expect(abs(r.value! - 0.5) < 0.12)
        let again = Self.auroc(Self.classificationInput(real: real, synthetic: synthetic, holdout: holdout))
        #expect(again.value == r.value)  // seeded
    }

    @Test func tstrNeedsTwoTestLabels() throws {
        let real = Self.classificationTable(rows: 50, seed: 1)
        let oneLabel = try Table(columns: [.numerical("a", [1, 2, 3]), .categorical("b", ["u", "v", "u"]),
                                           .categorical("y", ["class1", "class1", "class1"])])
        let r = Self.auroc(Self.classificationInput(real: oneLabel, synthetic: real))
        #expect(r.status == .notApplicable)
        var regression = Self.classificationInput(real: real, synthetic: real)
        regression.metadata.task = .regression
        #expect(Self.auroc(regression).status == .notApplicable)
    }

    // MARK: Payload assembly

    @Test func payloadHasExactlyTheProductionKeys() throws {
        let real = Self.classificationTable(rows: 200, seed: 1), synthetic = Self.classificationTable(rows: 200, seed: 2)
        let dp = DifferentialPrivacyStatus(requested: true, effective: false, epsilon: nil)
        let e = PayloadSuite.evaluate(Self.classificationInput(real: real, synthetic: synthetic), dp: dp, options: Self.options)
        let json = try JSONSerialization.jsonObject(with: Data(try SynthJSON.string(e.payload).utf8)) as! [String: [String: Any]]
        #expect(Set(json.keys) == ["utility", "privacy", "fairness"])
        #expect(Set(json["utility"]!.keys) == ["ks_mean", "corr_delta", "auroc", "c_index"])
        #expect(Set(json["privacy"]!.keys) == ["mia_auc", "dup_rate", "dp_requested", "dp_effective", "dp_epsilon",
                                                "synthcity_evaluated"])
        #expect(Set(json["fairness"]!.keys) == ["rare_coverage", "freq_skew"])
        #expect(json["privacy"]!["dp_requested"] as? Bool == true && json["privacy"]!["dp_epsilon"] is NSNull)
        #expect(json["utility"]!["c_index"] is NSNull && json["utility"]!["corr_delta"] is NSNull)  // one numerical column
        #expect(e.payload.utility.auroc == e.metrics.value("auroc") && e.payload.utility.auroc! > 0.85)
        #expect(e.payload.privacy.miaAUC! < 0.7 && e.payload.privacy.dupRate == 0)
        #expect(e.payload.fairness.freqSkew! < 0.1)
        #expect(e.payload.utility.ksMean == e.metrics.value("ks_mean"))
        // Seeded: the same input gives the same bytes.
        let again = PayloadSuite.evaluate(Self.classificationInput(real: real, synthetic: synthetic), dp: dp, options: Self.options)
        #expect(try SynthJSON.string(again) == SynthJSON.string(e))
    }

    @Test func identityCopyIsCaughtByThePrivacyFigures() throws {
        let real = Self.classificationTable(rows: 200, seed: 1)
        let e = PayloadSuite.evaluate(Self.classificationInput(real: real, synthetic: real), options: Self.options)
        #expect(e.payload.privacy.dupRate == 1)
        #expect(e.payload.utility.ksMean == 0 && e.payload.fairness.freqSkew == 0)
        #expect(!PrivacyThresholds().verdict(for: e.payload.privacy).passed)
    }
}

extension JSONValue {
    var arrayCount: Int? { if case .array(let a) = self { a.count } else { nil } }
}
