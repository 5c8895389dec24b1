import SynthCore

/// The production worker's metric payload, exactly: `utility {ks_mean, corr_delta, auroc, c_index}`,
/// `privacy {mia_auc, dup_rate, dp_requested, dp_effective, dp_epsilon}`, `fairness {rare_coverage,
/// freq_skew}`. Every key is always written; a value that does not apply or could not be computed is
/// `null` (the accompanying ``SuiteResult`` says why).
public struct ProductionPayload: Codable, Sendable, Equatable {
    public struct Utility: Codable, Sendable, Equatable {
        @NullWhenAbsent public var ksMean: Double?
        @NullWhenAbsent public var corrDelta: Double?
        @NullWhenAbsent public var auroc: Double?
        @NullWhenAbsent public var cIndex: Double?

        public init(ksMean: Double?, corrDelta: Double?, auroc: Double?, cIndex: Double?) {
            self.ksMean = ksMean; self.corrDelta = corrDelta; self.auroc = auroc; self.cIndex = cIndex
        }

        enum CodingKeys: String, CodingKey {
            case ksMean = "ks_mean", corrDelta = "corr_delta", auroc, cIndex = "c_index"
        }
    }

    public struct Privacy: Codable, Sendable, Equatable {
        @NullWhenAbsent public var miaAUC: Double?
        @NullWhenAbsent public var dupRate: Double?
        public var dpRequested: Bool
        public var dpEffective: Bool
        @NullWhenAbsent public var dpEpsilon: Double?
        /// True when `miaAUC` is the membership suite's attack AUC (SynthCity-style DOMIAS and the distance
        /// attack against a hold-out); false when it is the custom forest's real-vs-synthetic AUC (fallback).
        public var synthcityEvaluated: Bool

        public init(miaAUC: Double?, dupRate: Double?, dpRequested: Bool, dpEffective: Bool, dpEpsilon: Double?,
                    synthcityEvaluated: Bool = false) {
            self.miaAUC = miaAUC; self.dupRate = dupRate
            self.dpRequested = dpRequested; self.dpEffective = dpEffective; self.dpEpsilon = dpEpsilon
            self.synthcityEvaluated = synthcityEvaluated
        }

        enum CodingKeys: String, CodingKey {
            case miaAUC = "mia_auc", dupRate = "dup_rate", dpRequested = "dp_requested", dpEffective = "dp_effective"
            case dpEpsilon = "dp_epsilon", synthcityEvaluated = "synthcity_evaluated"
        }

        /// Reads results written before `synthcity_evaluated` existed as false.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            miaAUC = try c.decodeNumber(forKey: .miaAUC)
            dupRate = try c.decodeNumber(forKey: .dupRate)
            dpRequested = try c.decode(Bool.self, forKey: .dpRequested)
            dpEffective = try c.decode(Bool.self, forKey: .dpEffective)
            dpEpsilon = try c.decodeNumber(forKey: .dpEpsilon)
            synthcityEvaluated = try c.decodeIfPresent(Bool.self, forKey: .synthcityEvaluated) ?? false
        }
    }

    public struct Fairness: Codable, Sendable, Equatable {
        @NullWhenAbsent public var rareCoverage: Double?
        @NullWhenAbsent public var freqSkew: Double?

        public init(rareCoverage: Double?, freqSkew: Double?) {
            self.rareCoverage = rareCoverage; self.freqSkew = freqSkew
        }

        enum CodingKeys: String, CodingKey { case rareCoverage = "rare_coverage", freqSkew = "freq_skew" }
    }

    public var utility: Utility
    public var privacy: Privacy
    public var fairness: Fairness

    public init(utility: Utility, privacy: Privacy, fairness: Fairness) {
        self.utility = utility; self.privacy = privacy; self.fairness = fairness
    }

    /// The payload with `privacy.mia_auc` taken from the membership suite when it ran and gave a value
    /// (`synthcity_evaluated` true); otherwise unchanged (the forest's AUC, `synthcity_evaluated` false).
    public func adoptingMembership(from suites: [SuiteResult]) -> ProductionPayload {
        guard let m = suites.first(where: { $0.suite == MembershipSuite.id })?.value("mia_auc") else { return self }
        var out = self
        out.privacy.miaAUC = m
        out.privacy.synthcityEvaluated = true
        return out
    }
}

/// What the method resolution says about differential privacy, for the payload's `dp_*` fields: whether
/// the run asked for DP, whether the generator that ran actually enforces it, and its ε when it does.
public struct DifferentialPrivacyStatus: Codable, Sendable, Equatable {
    public var requested: Bool
    public var effective: Bool
    public var epsilon: Double?

    public init(requested: Bool = false, effective: Bool = false, epsilon: Double? = nil) {
        self.requested = requested; self.effective = effective; self.epsilon = epsilon
    }

    public static let none = DifferentialPrivacyStatus()
}
