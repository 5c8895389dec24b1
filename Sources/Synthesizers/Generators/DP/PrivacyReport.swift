/// What a differentially private generator spent, by which mechanism, and what it read from the raw data
/// outside that mechanism. The pipeline reports `dp_epsilon` from ``epsilon`` (never the requested
/// value) and sets `dp_effective` only when ``nonPrivateInputs`` is empty or declared public by the user,
/// and ``nonPrivateReleases`` is empty.
public struct PrivacyReport: Sendable, Equatable {
    /// The mechanism and its accountant, e.g. `DP-SGD on the critic (RDP accountant, Opacus 1.4.1)`.
    public var mechanism: String
    /// The epsilon the accountant says was spent when training ended.
    public var epsilon: Double
    public var delta: Double
    /// The epsilon that was asked for.
    public var targetEpsilon: Double
    /// Accountant figures (noise multiplier, sample rate, steps, best order, ...).
    public var details: [String: NoteValue]
    /// Every use of the raw data outside the private mechanism (encoder fits, bounds, category lists,
    /// condition frequencies, early stopping); the guarantee holds only if the user declares them public.
    public var nonPrivateInputs: [String]
    /// What the run publishes about the raw data beside the synthetic table without noise (pategan's vote
    /// diagnostics). These are outputs, not preprocessing: no declaration makes them public knowledge, so
    /// a run with any of them is never `dp_effective`, whatever `public_preprocessing` says.
    public var nonPrivateReleases: [String]

    public init(mechanism: String, epsilon: Double, delta: Double, targetEpsilon: Double,
                details: [String: NoteValue] = [:], nonPrivateInputs: [String] = [], nonPrivateReleases: [String] = []) {
        self.mechanism = mechanism; self.epsilon = epsilon; self.delta = delta; self.targetEpsilon = targetEpsilon
        self.details = details; self.nonPrivateInputs = nonPrivateInputs; self.nonPrivateReleases = nonPrivateReleases
    }

    /// The report as a fit note.
    public var note: NoteValue {
        var o = details
        o["mechanism"] = .string(mechanism)
        o["epsilon_spent"] = .number(epsilon)
        o["delta"] = .number(delta)
        o["epsilon_target"] = .number(targetEpsilon)
        o["non_private_inputs"] = .strings(nonPrivateInputs)
        if !nonPrivateReleases.isEmpty { o["non_private_releases"] = .strings(nonPrivateReleases) }
        return .object(o)
    }
}

/// A synthesizer whose fit is differentially private: after ``Synthesizer/fit(_:metadata:context:)`` it
/// says what it spent (nil before fitting).
public protocol PrivacyAccounted: Synthesizer {
    var privacyReport: PrivacyReport? { get }
}
