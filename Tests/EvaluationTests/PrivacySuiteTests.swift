import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Evaluation

/// Behaviour of the privacy suites on constructed cases: copies are caught, independent data is not
/// (negative control), id and PII columns are ignored, the payload adopts the membership figure.
@Suite struct PrivacySuiteTests {
    /// A population of `n` rows with correlated numbers, a category and an id column of unique strings.
    static func population(_ n: Int, seed: UInt64, idPrefix: String = "r") throws -> Table {
        var rng = RandomStream(seed: seed)
        var x: [Double?] = [], y: [Double?] = [], c: [String?] = [], id: [String?] = []
        for i in 0..<n {
            let a = rng.nextNormal()
            x.append((a * 100).rounded() / 100); y.append(((a + rng.nextNormal()) * 100).rounded() / 100)
            c.append(["u", "v", "w"][rng.nextInt(below: 3)]); id.append("\(idPrefix)\(i)")
        }
        return try Table(columns: [.numerical("x", x), .numerical("y", y), .categorical("c", c), .categorical("id", id)])
    }

    static func metadata(_ t: Table) -> Metadata {
        var m = Metadata.detect(from: t)
        for i in m.columns.indices where m.columns[i].name == "id" { m.columns[i].sdtype = .id }
        return m
    }

    static func input(synthetic: (Table) throws -> Table) throws -> EvaluationInput {
        let train = try population(300, seed: 1), holdout = try population(300, seed: 2, idPrefix: "h")
        return EvaluationInput(real: train, synthetic: try synthetic(train), metadata: metadata(train), holdout: holdout, seed: 9)
    }

    @Test func copiesOfTheTrainingRowsAreFoundByTheAttacks() throws {
        // The copy gets new ids, as a generator's id column would: the id must not hide the copy.
        let input = try Self.input { train in
            var t = train
            try t.setColumn(.categorical("id", (0..<train.rowCount).map { "s\($0)" }))
            return t
        }
        let r = MembershipSuite.suite.evaluate(input)
        #expect(r.value("mia_auc")! > 0.95 && r.value("mia_auc_low")! > 0.9)
        #expect(r.value("dcr_attack_auc")! > 0.95)
        let payload = PayloadSuite.evaluate(input)
        #expect(payload.payload.privacy.dupRate == 1)
        let d = DistanceSuite.suite.evaluate(input)
        #expect(d.value("dcr_syn_to_train") == 0 && d.value("dcr_baseline_protection") == 0)
        #expect(d.value("identifiability_score")! > 0.9)
    }

    @Test func independentDataIsNotFlagged() throws {
        // Negative control: synthetic rows from the same population but never seen by any "generator".
        let input = try Self.input { _ in try Self.population(300, seed: 3, idPrefix: "s") }
        let r = MembershipSuite.suite.evaluate(input)
        for m in r.metrics where m.id != "membership.mia_auc_low" { #expect(abs(m.value! - 0.5) < 0.12, "\(m.id) = \(m.value!)") }
        #expect(r.value("mia_auc_low")! < 0.6)
        let d = DistanceSuite.suite.evaluate(input)
        #expect(d.value("dcr_baseline_protection")! > 0.3)
        #expect(abs(d.value("nnaa")! - 0.5) < 0.1)
        #expect(abs(d.value("dcr_overfitting_protection")! - 1) < 0.35)
        #expect(PayloadSuite.evaluate(input).payload.privacy.dupRate == 0)
    }

    /// Issue 11: the quadratic cap must not hide a copy. With a cap of 80 rows on 300-row tables, a copy
    /// still has DCR 0, every synthetic row an exact copy, and membership AUC near 1, as without the cap;
    /// independent rows under the same cap (negative control) have neither.
    @Test func copiesStayCopiesAboveTheQuadraticCap() throws {
        var copy = try Self.input { $0 }
        copy.caps = EvaluationCaps(classifier: nil, quadratic: 80)
        let d = DistanceSuite.suite.evaluate(copy)
        let dcr = try #require(d.metrics.first { $0.id == "distance.dcr_syn_to_train" })
        #expect(dcr.value == 0 && d.value("dcr_train_to_syn") == 0)
        #expect(dcr.details?["exact_match_share"] == .number(1))
        #expect(dcr.details?["subsample"]?["rows_synthetic"] == .number(80))
        #expect(dcr.details?["search"]?["reference_rows"] == .number(300))
        #expect(d.value("dcr_baseline_protection") == 0 && d.value("identifiability_score")! > 0.9)
        let m = MembershipSuite.suite.evaluate(copy)
        #expect(m.value("dcr_attack_auc")! > 0.95 && m.value("mia_auc_low")! > 0.85, "\(m.value("mia_auc_low")!)")
        #expect(PayloadSuite.evaluate(copy).payload.privacy.dupRate == 1)

        var independent = try Self.input { _ in try Self.population(300, seed: 3, idPrefix: "s") }
        independent.caps = copy.caps
        let di = DistanceSuite.suite.evaluate(independent)
        let dcrIndependent = try #require(di.metrics.first { $0.id == "distance.dcr_syn_to_train" })
        #expect(dcrIndependent.value! > 0.01)
        #expect(try #require(dcrIndependent.details?["exact_match_share"]?.doubleValue) < 0.05)
        #expect(MembershipSuite.suite.evaluate(independent).value("mia_auc_low")! < 0.6)
    }

    @Test func payloadTakesTheMembershipFigureWhenItRan() throws {
        let input = try Self.input { train in train }
        let payload = PayloadSuite.evaluate(input).payload
        #expect(!payload.privacy.synthcityEvaluated)
        let forest = DetectionSuite.suite().evaluate(input).value("rf_auc")
        #expect(payload.privacy.miaAUC == forest)
        let membership = MembershipSuite.suite.evaluate(input)
        let adopted = payload.adoptingMembership(from: [membership])
        #expect(adopted.privacy.synthcityEvaluated && adopted.privacy.miaAUC == membership.value("mia_auc"))
        let assessment = PrivacyAssessment.assess(payload: adopted, suites: [membership])
        #expect(assessment.risk == .high && !assessment.recommendations.isEmpty)
        // Written before synthcity_evaluated existed: decodes as false.
        let old = #"{"mia_auc":0.5,"dup_rate":0,"dp_requested":false,"dp_effective":false,"dp_epsilon":null}"#
        #expect(try !JSONDecoder().decode(ProductionPayload.Privacy.self, from: Data(old.utf8)).synthcityEvaluated)
    }

    @Test func assessmentRule() {
        func payload(mia: Double?, dup: Double?, eps: Double? = nil) -> ProductionPayload {
            ProductionPayload(utility: .init(ksMean: nil, corrDelta: nil, auroc: nil, cIndex: nil),
                              privacy: .init(miaAUC: mia, dupRate: dup, dpRequested: eps != nil, dpEffective: eps != nil,
                                             dpEpsilon: eps, synthcityEvaluated: mia != nil),
                              fairness: .init(rareCoverage: nil, freqSkew: nil))
        }
        func membership(_ low: Double) -> SuiteResult {
            SuiteResult(suite: "membership", seed: 0, metrics: [
                MetricResult(id: "membership.mia_auc_low", direction: .minimize, range: .unit, status: .ok, value: low)])
        }
        #expect(PrivacyAssessment.assess(payload: payload(mia: 0.52, dup: 0), suites: [membership(0.45)]).risk == .low)
        #expect(PrivacyAssessment.assess(payload: payload(mia: 0.6, dup: 0), suites: [membership(0.53)]).risk == .medium)
        #expect(PrivacyAssessment.assess(payload: payload(mia: 0.7, dup: 0), suites: [membership(0.65)]).risk == .high)
        #expect(PrivacyAssessment.assess(payload: payload(mia: 0.5, dup: 0.2), suites: [membership(0.4)]).risk == .high)
        #expect(PrivacyAssessment.assess(payload: payload(mia: nil, dup: nil), suites: []).risk == .unknown)
        let dp = PrivacyAssessment.assess(payload: payload(mia: 0.5, dup: 0, eps: 1), suites: [membership(0.4)])
        #expect(dp.dpScore == 0.5 && dp.risk == .low)
    }

    @Test func assessmentNamesWhyDPIsNotInEffect() {
        func payload(effective: Bool, eps: Double?) -> ProductionPayload {
            ProductionPayload(utility: .init(ksMean: nil, corrDelta: nil, auroc: nil, cIndex: nil),
                              privacy: .init(miaAUC: 0.5, dupRate: 0, dpRequested: true, dpEffective: effective, dpEpsilon: eps,
                                             synthcityEvaluated: false),
                              fairness: .init(rareCoverage: nil, freqSkew: nil))
        }
        let preprocessing = "not DP end to end: read from the raw data outside the mechanism without budget: encoder fit; declare them public with public_preprocessing=true if they are"
        let partial = PrivacyAssessment.assess(payload: payload(effective: false, eps: 2.5), suites: [], dpNotes: [preprocessing])
        let advice = partial.recommendations.first { $0.hasPrefix("DP was requested") }!
        #expect(advice.contains("spent ε = 2.5") && advice.contains(preprocessing))
        #expect(!advice.contains("does not enforce it"))
        let none = PrivacyAssessment.assess(payload: payload(effective: false, eps: nil), suites: [],
                                            dpNotes: ["gc gives no differential-privacy guarantee"])
        #expect(none.recommendations.contains { $0.contains("not in effect: gc gives no differential-privacy guarantee") })
        // Without notes the generic advice stays; in effect, no DP advice at all but the score.
        #expect(PrivacyAssessment.assess(payload: payload(effective: false, eps: nil), suites: [])
            .recommendations.contains { $0.contains("does not enforce it") })
        let inEffect = PrivacyAssessment.assess(payload: payload(effective: true, eps: 1), suites: [], dpNotes: [preprocessing])
        #expect(!inEffect.recommendations.contains { $0.hasPrefix("DP was requested") } && inEffect.dpScore == 0.5)
    }

    @Test func assessmentReadsTheShadowAttack() {
        let payload = ProductionPayload(utility: .init(ksMean: nil, corrDelta: nil, auroc: nil, cIndex: nil),
                                        privacy: .init(miaAUC: 0.5, dupRate: 0, dpRequested: false, dpEffective: false,
                                                       dpEpsilon: nil, synthcityEvaluated: false),
                                        fairness: .init(rareCoverage: nil, freqSkew: nil))
        func shadow(_ auc: Double, _ low: Double) -> SuiteResult {
            SuiteResult(suite: "shadow", seed: 0, metrics: [
                MetricResult(id: "shadow.groundhog_auc", direction: .minimize, range: .unit, status: .ok, value: auc),
                MetricResult(id: "shadow.groundhog_auc_low", direction: .minimize, range: .unit, status: .ok, value: low)])
        }
        #expect(PrivacyAssessment.assess(payload: payload, suites: [shadow(0.95, 0.8)]).risk == .high)
        #expect(PrivacyAssessment.assess(payload: payload, suites: [shadow(0.7, 0.55)]).risk == .medium)
        #expect(PrivacyAssessment.assess(payload: payload, suites: [shadow(0.55, 0.4)]).risk == .low)
    }
}
