import Foundation

/// A differential-privacy request, as the production worker's `dp_options`: `--dp epsilon=E,delta=D` on
/// `generate`, `dp` in grid specs and run configs.
///
/// `public_preprocessing=true` is the user's declaration that what the generators read from the raw data
/// outside the private mechanism (encoder fits, bounds, category lists, condition frequencies) is public
/// knowledge; without it a DP run reports `dp_effective: false` and says why.
public struct DPRequest: Sendable, Hashable, Codable {
    public var epsilon: Double
    /// nil: the method's default (1/n for dpgan, 1/(n sqrt n) for dp-ctgan and pategan).
    public var delta: Double?
    public var publicPreprocessing: Bool

    public init(epsilon: Double, delta: Double? = nil, publicPreprocessing: Bool = false) {
        self.epsilon = epsilon; self.delta = delta; self.publicPreprocessing = publicPreprocessing
    }

    enum CodingKeys: String, CodingKey {
        case epsilon, delta, publicPreprocessing = "public_preprocessing"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let epsilon = try c.decode(Double.self, forKey: .epsilon)
        let delta = try c.decodeIfPresent(Double.self, forKey: .delta)
        let declared = try c.decodeIfPresent(Bool.self, forKey: .publicPreprocessing) ?? false
        do {
            try Self.validate(epsilon: epsilon, delta: delta)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .epsilon, in: c, debugDescription: "\(error)")
        }
        self.init(epsilon: epsilon, delta: delta, publicPreprocessing: declared)
    }

    static func validate(epsilon: Double, delta: Double?) throws(SynthesisError) {
        guard epsilon > 0, epsilon.isFinite else {
            throw .invalidParameter(method: "dp", name: "epsilon", value: "\(epsilon)", requirement: "must be positive and finite")
        }
        if let delta, !(delta > 0 && delta < 1) {
            throw .invalidParameter(method: "dp", name: "delta", value: "\(delta)", requirement: "must lie in (0, 1)")
        }
    }

    /// Parses `epsilon=E[,delta=D][,public_preprocessing=true|false]`.
    public static func parse(_ text: String) throws(SynthesisError) -> DPRequest {
        var epsilon: Double? = nil, delta: Double? = nil, declared = false
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2 else {
                throw .invalidParameter(method: "dp", name: String(part), value: "",
                                        requirement: "write epsilon=E[,delta=D][,public_preprocessing=true]")
            }
            switch kv[0] {
            case "epsilon", "eps":
                guard let v = Double(kv[1]) else { throw .invalidParameter(method: "dp", name: "epsilon", value: kv[1], requirement: "must be a number") }
                epsilon = v
            case "delta":
                guard let v = Double(kv[1]) else { throw .invalidParameter(method: "dp", name: "delta", value: kv[1], requirement: "must be a number") }
                delta = v
            case "public_preprocessing":
                guard let v = Bool(kv[1]) else {
                    throw .invalidParameter(method: "dp", name: "public_preprocessing", value: kv[1], requirement: "must be true or false")
                }
                declared = v
            default:
                throw .invalidParameter(method: "dp", name: kv[0], value: kv[1],
                                        requirement: "unknown key; use epsilon, delta, public_preprocessing")
            }
        }
        guard let epsilon else {
            throw .invalidParameter(method: "dp", name: "epsilon", value: text, requirement: "is required (epsilon=E)")
        }
        try validate(epsilon: epsilon, delta: delta)
        return DPRequest(epsilon: epsilon, delta: delta, publicPreprocessing: declared)
    }

    /// The method parameters the request sets (`epsilon`, and `delta` when given).
    public var parameters: [String: ParameterValue] {
        var out: [String: ParameterValue] = ["epsilon": .double(epsilon)]
        if let delta { out["delta"] = .double(delta) }
        return out
    }
}
