import Testing
@testable import Evaluation

@Suite struct PrivacyThresholdsTests {
    static func privacy(mia: Double?, dup: Double?) -> ProductionPayload.Privacy {
        .init(miaAUC: mia, dupRate: dup, dpRequested: false, dpEffective: false, dpEpsilon: nil)
    }

    @Test func defaultsAndEnvironmentOverrides() throws {
        #expect(try PrivacyThresholds.fromEnvironment([:]) == PrivacyThresholds(miaMax: 0.60, dupMax: 0.05))
        #expect(try PrivacyThresholds.fromEnvironment(["MIA_MAX": "0.7", "DUP_MAX": " 0.01 "])
                == PrivacyThresholds(miaMax: 0.7, dupMax: 0.01))
        #expect(try PrivacyThresholds.fromEnvironment(["MIA_MAX": ""]).miaMax == 0.60)
        #expect(try PrivacyThresholds.fromEnvironment(["DUP_MAX": "0"]).dupMax == 0)
        for bad in ["abc", "1.5", "-0.1", "nan"] {
            #expect(throws: EvaluationError.invalidEnvironment(variable: "MIA_MAX", value: bad, expected: "a number between 0 and 1")) {
                try PrivacyThresholds.fromEnvironment(["MIA_MAX": bad])
            }
        }
    }

    @Test func verdictPassesAtTheThresholdAndFailsAboveOrWhenUnknown() {
        let t = PrivacyThresholds()
        #expect(t.verdict(for: Self.privacy(mia: 0.55, dup: 0.01)) == PrivacyVerdict(passed: true, reasons: [], thresholds: t))
        #expect(t.verdict(for: Self.privacy(mia: 0.60, dup: 0.05)).passed)
        let fail = t.verdict(for: Self.privacy(mia: 0.61, dup: 0.2))
        #expect(!fail.passed && fail.reasons == ["mia_auc 0.61 exceeds MIA_MAX 0.6", "dup_rate 0.2 exceeds DUP_MAX 0.05"])
        let unknown = t.verdict(for: Self.privacy(mia: nil, dup: 0))
        #expect(!unknown.passed && unknown.reasons.count == 1 && unknown.reasons[0].hasPrefix("mia_auc is unavailable"))
        let loose = PrivacyThresholds(miaMax: 0.7, dupMax: 0.3)
        #expect(loose.verdict(for: Self.privacy(mia: 0.61, dup: 0.2)).passed)
    }
}
