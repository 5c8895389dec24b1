import Foundation
import SynthCore

/// One cell's privacy verdict in plain terms: an overall risk level from the privacy figures, a score for
/// the formal differential-privacy guarantee when one was in effect, the reasons, and what to change.
///
/// Rule (first match wins; "the membership AUC" is `privacy.mia_auc` when it came from the membership suite):
/// - `high`: dup_rate > 0.05, or the strongest membership attack's AUC has its 95 % CI above 0.6, or so has
///   the shadow-model attack's (when the opt-in `shadow` suite ran), or a synthetic PII value copies a real one
///   verbatim (`pii.leaked_share` > 0);
/// - `medium`: dup_rate > 0.01, or either CI lies above 0.5 (the attack beats guessing with 95 % confidence),
///   or DCROverfittingProtection < 0.5 (a recommendation, not evidence on its own: see below);
/// The CI rather than the point AUC, because on small hold-outs the point AUC of a generator that leaks
/// nothing scatters widely. DCROverfittingProtection only reaches `medium`: its synthetic rows are not
/// independent trials (many share the same few nearest real rows), so on small or wide tables it swings
/// from 0 to 1 between seeds of the `uniform` baseline.
/// - `unknown`: neither a membership AUC nor a duplicate rate is available;
/// - `low` otherwise.
/// A DP method in effect does not lower the level (the empirical figures decide); its ε is scored
/// separately: dp_score = 1/(1 + ε), 1 at ε = 0, 0.5 at ε = 1, 0.09 at ε = 10.
public struct PrivacyAssessment: Codable, Sendable, Equatable {
    public enum Risk: String, Codable, Sendable { case low, medium, high, unknown }

    public var risk: Risk
    public var reasons: [String]
    @NullWhenAbsent public var dpScore: Double? = nil
    public var recommendations: [String]

    enum CodingKeys: String, CodingKey { case risk, reasons, dpScore = "dp_score", recommendations }

    /// `dpNotes`: why DP is not in effect when it was requested (the run's `dp_notes`); the advice names them.
    public static func assess(payload: ProductionPayload, suites: [SuiteResult], dpNotes: [String] = []) -> PrivacyAssessment {
        let p = payload.privacy
        let membership = suites.first { $0.suite == MembershipSuite.id }
        let mia = p.synthcityEvaluated ? p.miaAUC : nil
        let miaLow = membership?.value("mia_auc_low")
        let overfitting = suites.first { $0.suite == DistanceSuite.id }?.value("dcr_overfitting_protection")
        var high: [String] = [], medium: [String] = [], advice: [String] = []
        func pct(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }
        func f(_ x: Double) -> String { String(format: "%.3f", x) }

        if let d = p.dupRate {
            if d > 0.05 { high.append("\(pct(d)) of synthetic rows copy a training row (dup_rate > 5 %)") }
            else if d > 0.01 { medium.append("\(pct(d)) of synthetic rows copy a training row (dup_rate > 1 %)") }
            if d > 0.01 {
                advice.append("Remove synthetic rows that equal a training row before release, and prefer a method that does not memorise rows (identity publishes the training data).")
            }
        }
        if let m = mia, let low = miaLow {
            if low > 0.6 { high.append("a membership attack finds training rows: AUC \(f(m)), 95 % CI above 0.6") }
            else if low > 0.5 { medium.append("a membership attack beats guessing: AUC \(f(m)), 95 % CI above 0.5") }
            if low > 0.5 {
                advice.append("Train with a differentially private method (--dp with dpgan, dp-ctgan, pategan) or with fewer epochs; the attack that succeeded is named in membership.mia_auc's details.")
            }
        } else {
            advice.append("No membership attack ran: run with the membership suite and a hold-out (--holdout 0.2) to measure membership risk.")
        }
        if let shadow = suites.first(where: { $0.suite == ShadowModelSuite.id }),
           let auc = shadow.value("groundhog_auc"), let low = shadow.value("groundhog_auc_low") {
            if low > 0.6 { high.append("the shadow-model attack finds the most isolated training records: AUC \(f(auc)), 95 % CI above 0.6") }
            else if low > 0.5 { medium.append("the shadow-model attack beats guessing on the most isolated training records: AUC \(f(auc)), 95 % CI above 0.5") }
            if low > 0.5 {
                advice.append("Outlying records are exposed: train with a differentially private method, or coarsen or suppress the rare values that make them outliers (shadow.groundhog_auc's details list the records attacked).")
            }
        }
        if let o = overfitting {
            if o < 0.5 { medium.append("DCROverfittingProtection \(f(o)) < 0.5: most synthetic rows are closer to training rows than to unseen ones") }
            if o < 0.5 { advice.append("Reduce overfitting (fewer epochs, more regularisation), or drop the rare columns that make rows unique.") }
        }
        if let leaked = suites.first(where: { $0.suite == PIISuite.id })?.value("leaked_share"), leaked > 0 {
            high.append("\(pct(leaked)) of synthetic PII values copy a real value verbatim (pii.leaked_share)")
            advice.append("Declare the PII columns' sdtypes in the metadata (email, phone_number, name, ...) so they are generated fresh rather than learned, or drop them before training.")
        }
        var dpScore: Double? = nil
        if p.dpEffective, let e = p.dpEpsilon {
            dpScore = 1 / (1 + e)
            if e > 10 { advice.append("ε = \(e) gives a weak formal guarantee; lower epsilon (≤ 1 is strong, ≤ 10 moderate).") }
        } else if p.dpRequested {
            let why = dpNotes.joined(separator: "; ")
            if dpNotes.isEmpty {
                advice.append("DP was requested but the method does not enforce it: use a DP method (dpgan, dp-ctgan, pategan) and set epsilon.")
            } else if let e = p.dpEpsilon {
                advice.append("DP was requested and training spent ε = \(e), but the guarantee does not cover the whole run: \(why).")
            } else {
                advice.append("DP was requested but is not in effect: \(why). Use a DP method (dpgan, dp-ctgan, pategan) and set epsilon.")
            }
        }
        let risk: Risk = !high.isEmpty ? .high : !medium.isEmpty ? .medium : (mia == nil && p.dupRate == nil) ? .unknown : .low
        return PrivacyAssessment(risk: risk, reasons: high + medium, dpScore: dpScore, recommendations: advice)
    }
}
