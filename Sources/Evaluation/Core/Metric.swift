import SynthCore

/// Whether a larger or a smaller value of a metric means better synthetic data.
public enum MetricDirection: String, Codable, Sendable, CaseIterable {
    case maximize, minimize
}

/// The values a metric can take: `[lower, upper]`, `upper` nil when unbounded above, `lower` −∞ when
/// unbounded below (an R²); an unbounded end is `null` in JSON.
public struct MetricRange: Codable, Sendable, Equatable {
    public var lower: Double
    public var upper: Double?

    public init(_ lower: Double, _ upper: Double?) {
        self.lower = lower
        self.upper = upper
    }

    public static let unit = MetricRange(0, 1)

    enum CodingKeys: String, CodingKey { case lower = "min", upper = "max" }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNumber(lower, forKey: .lower)
        try c.encodeNumber(upper, forKey: .upper)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lower = try c.decodeNumber(forKey: .lower) ?? -.infinity
        upper = try c.decodeNumber(forKey: .upper)
    }
}

/// What a metric's computation returns: a value with optional details, or "not applicable" with the
/// reason (a classification AUC on a table without a classification target, a correlation metric on
/// fewer than two numerical columns). Errors are thrown instead and become error entries.
public struct MetricOutcome: Sendable, Equatable {
    public var value: Double?
    public var notApplicableReason: String?
    public var details: JSONValue?

    public static func value(_ x: Double, details: JSONValue? = nil) -> MetricOutcome {
        MetricOutcome(value: x, notApplicableReason: nil, details: details)
    }

    public static func notApplicable(_ reason: String, details: JSONValue? = nil) -> MetricOutcome {
        MetricOutcome(value: nil, notApplicableReason: reason, details: details)
    }
}

/// One metric: a stable id `suite.name`, its direction and range, the formula it computes (the text the
/// docs and the JSON carry), and the computation itself.
///
/// ``compute(_:cache:)`` never throws and never crashes on bad data: a computation that throws yields a
/// result with status `error` and the error's description; a non-finite value is an error too (a metric
/// states undefined cases as "not applicable" with a reason, never as NaN).
public struct Metric: Sendable {
    public let id: String
    public let direction: MetricDirection
    public let range: MetricRange
    public let formula: String
    /// Whether the metric computes on the capped tables (``EvaluationSubsample``) instead of the whole ones.
    public let subsampled: Bool
    /// Which of ``EvaluationInput/caps`` a subsampled metric computes under.
    public let capKind: EvaluationCaps.Kind
    let body: @Sendable (EvaluationInput, EvaluationCache) throws -> MetricOutcome

    /// `subsampled`: the metric's cost grows faster than the rows (a classifier, nearest neighbours, a
    /// kernel density), so it computes on each table cut to the `capKind` cap of ``EvaluationInput/caps``
    /// (`classifier` for models trained on rows, `quadratic` for pairwise distances and densities), and
    /// its details carry `subsample` (the cap, its kind and the rows used).
    public init(id: String, direction: MetricDirection, range: MetricRange, formula: String, subsampled: Bool = false,
                capKind: EvaluationCaps.Kind = .quadratic,
                compute: @escaping @Sendable (EvaluationInput, EvaluationCache) throws -> MetricOutcome) {
        precondition(id.split(separator: ".").count == 2, "metric id '\(id)' must be suite.name")
        self.id = id
        self.direction = direction
        self.range = range
        self.formula = formula
        self.subsampled = subsampled
        self.capKind = capKind
        self.body = compute
    }

    /// The suite part of the id.
    public var suite: String { String(id.split(separator: ".")[0]) }

    /// Runs the metric; see the type's description for how failures are recorded.
    public func compute(_ input: EvaluationInput, cache: EvaluationCache = EvaluationCache()) -> MetricResult {
        var result = MetricResult(id: id, direction: direction, range: range, status: .ok)
        do {
            var outcome: MetricOutcome
            if subsampled {
                let view = EvaluationSubsample.cached(input, cache, kind: capKind)
                outcome = try body(view.input, view.cache)
                outcome.details = Self.adding(subsample: view.record.json(kind: capKind), to: outcome.details)
            } else {
                outcome = try body(input, cache)
            }
            result.details = outcome.details
            if let v = outcome.value {
                if v.isFinite {
                    result.value = v
                } else {
                    result.status = .error
                    result.error = "the computation gave a non-finite value (\(v))"
                }
            } else {
                result.status = .notApplicable
                result.reason = outcome.notApplicableReason ?? "no value"
            }
        } catch {
            result.status = .error
            result.error = String(describing: error)
        }
        return result
    }

    /// `details` with a `subsample` key (an object's keys kept; other details under `value`).
    static func adding(subsample: JSONValue, to details: JSONValue?) -> JSONValue {
        switch details {
        case .object(var o)?: o["subsample"] = subsample; return .object(o)
        case nil, .null?: return ["subsample": subsample]
        case let other?: return ["value": other, "subsample": subsample]
        }
    }
}
