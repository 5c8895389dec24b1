import Evaluation
import Synthesizers

/// The differential-privacy outcome of one run: what was asked, what the accountant says was spent, and
/// whether the guarantee covers the whole run (`dp_effective`).
///
/// `effective` needs all four: the method gives a DP guarantee, its accountant reported after the fit,
/// every read of the raw data outside the mechanism (encoder fits, bounds, category lists, condition
/// frequencies, early stopping) is declared public by the request (`public_preprocessing=true`), and the
/// run publishes nothing else read from the raw data without noise (``PrivacyReport/nonPrivateReleases``,
/// e.g. pategan's `diagnostics=true`; the declaration covers preprocessing, never such releases).
/// Otherwise ``notes`` say why not. `epsilon` is always the accountant's spent figure, never the requested one.
package struct RunPrivacy: Sendable, Equatable {
    package var requested: Bool
    package var effective: Bool
    package var epsilon: Double?
    package var delta: Double?
    package var notes: [String]

    package static func assess(resolution: MethodResolution, request: DPRequest?, dpRequested: Bool,
                              synthesizer: any Synthesizer) -> RunPrivacy {
        let requested = dpRequested || request != nil
        guard resolution.descriptor.differentiallyPrivate else {
            return RunPrivacy(requested: requested, effective: false, epsilon: nil, delta: nil,
                              notes: ["\(resolution.descriptor.name) gives no differential-privacy guarantee"])
        }
        guard let report = (synthesizer as? any PrivacyAccounted)?.privacyReport else {
            return RunPrivacy(requested: requested, effective: false, epsilon: nil, delta: nil,
                              notes: ["no privacy accounting was reported"])
        }
        var notes: [String] = []
        let declared = request?.publicPreprocessing ?? false
        if !report.nonPrivateInputs.isEmpty {
            let list = report.nonPrivateInputs.joined(separator: "; ")
            notes.append(declared
                ? "declared public by the user (public_preprocessing=true): \(list)"
                : "not DP end to end: read from the raw data outside the mechanism without budget: \(list); "
                    + "declare them public with public_preprocessing=true if they are")
        }
        if !report.nonPrivateReleases.isEmpty {
            notes.append("not DP: the run publishes statistics of the raw data without noise: "
                + report.nonPrivateReleases.joined(separator: "; ")
                + "; public_preprocessing=true does not cover them (they are outputs, not preprocessing)")
        }
        let effective = (report.nonPrivateInputs.isEmpty || declared) && report.nonPrivateReleases.isEmpty
        return RunPrivacy(requested: requested, effective: effective, epsilon: report.epsilon, delta: report.delta,
                          notes: notes)
    }

    /// The payload's `dp_*` fields.
    package var payloadStatus: DifferentialPrivacyStatus {
        DifferentialPrivacyStatus(requested: requested, effective: effective, epsilon: epsilon)
    }
}
