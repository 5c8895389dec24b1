import Foundation

/// The production privacy gate: a run passes when `mia_auc ≤ MIA_MAX` and `dup_rate ≤ DUP_MAX`.
/// Defaults 0.60 and 0.05; the environment variables `MIA_MAX` and `DUP_MAX` override them.
public struct PrivacyThresholds: Codable, Sendable, Equatable {
    public static let miaMaxDefault = 0.60
    public static let dupMaxDefault = 0.05
    public static let miaMaxVariable = "MIA_MAX"
    public static let dupMaxVariable = "DUP_MAX"

    public var miaMax: Double
    public var dupMax: Double

    public init(miaMax: Double = PrivacyThresholds.miaMaxDefault, dupMax: Double = PrivacyThresholds.dupMaxDefault) {
        self.miaMax = miaMax
        self.dupMax = dupMax
    }

    enum CodingKeys: String, CodingKey { case miaMax = "mia_max", dupMax = "dup_max" }

    /// The defaults with `MIA_MAX` / `DUP_MAX` from `environment` applied. A set, non-empty variable must
    /// be a number in [0, 1] (else a typed error naming it); an unset or empty one keeps the default.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(EvaluationError) -> PrivacyThresholds {
        func read(_ name: String, _ fallback: Double) throws(EvaluationError) -> Double {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return fallback }
            guard let x = Double(raw), x >= 0, x <= 1 else {
                throw .invalidEnvironment(variable: name, value: raw, expected: "a number between 0 and 1")
            }
            return x
        }
        return PrivacyThresholds(miaMax: try read(miaMaxVariable, miaMaxDefault), dupMax: try read(dupMaxVariable, dupMaxDefault))
    }

    /// The gate's verdict on a payload's privacy figures. A missing figure fails the gate (it cannot be
    /// verified); a figure equal to its threshold passes.
    public func verdict(for privacy: ProductionPayload.Privacy) -> PrivacyVerdict {
        var reasons: [String] = []
        func check(_ name: String, _ value: Double?, _ limit: Double, _ variable: String) {
            guard let value else {
                reasons.append("\(name) is unavailable, so the \(variable) limit \(limit) cannot be verified")
                return
            }
            if value > limit { reasons.append("\(name) \(value) exceeds \(variable) \(limit)") }
        }
        check("mia_auc", privacy.miaAUC, miaMax, Self.miaMaxVariable)
        check("dup_rate", privacy.dupRate, dupMax, Self.dupMaxVariable)
        return PrivacyVerdict(passed: reasons.isEmpty, reasons: reasons, thresholds: self)
    }
}

/// Pass or fail, with one reason per failed check. JSON: `{"passed", "reasons", "thresholds": {"mia_max", "dup_max"}}`.
public struct PrivacyVerdict: Codable, Sendable, Equatable {
    public var passed: Bool
    public var reasons: [String]
    public var thresholds: PrivacyThresholds
}
