import SynthCore

/// The recorded outcome of one metric. JSON:
/// `{"id", "direction", "range": {"min", "max"}, "status": "ok"|"not_applicable"|"error", "value",
/// "reason", "error", "details"}` — every key always present, `null` where it does not apply.
public struct MetricResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case ok
        case notApplicable = "not_applicable"
        case error
    }

    public var id: String
    public var direction: MetricDirection
    public var range: MetricRange
    public var status: Status
    /// The value when status is ok.
    @NullWhenAbsent public var value: Double?
    /// Why the metric does not apply, when status is not_applicable.
    @NullWhenAbsent public var reason: String?
    /// The error's description, when status is error.
    @NullWhenAbsent public var error: String?
    /// Per-column / per-pair breakdown, when the metric has one.
    @NullWhenAbsent public var details: JSONValue?

    public init(id: String, direction: MetricDirection, range: MetricRange, status: Status, value: Double? = nil,
                reason: String? = nil, error: String? = nil, details: JSONValue? = nil) {
        self.id = id
        self.direction = direction
        self.range = range
        self.status = status
        self.value = value
        self.reason = reason
        self.error = error
        self.details = details
    }

    enum CodingKeys: String, CodingKey { case id, direction, range, status, value, reason, error, details }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        direction = try c.decode(MetricDirection.self, forKey: .direction)
        range = try c.decode(MetricRange.self, forKey: .range)
        status = try c.decode(Status.self, forKey: .status)
        value = try c.decodeNumber(forKey: .value)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        let d = try c.decodeIfPresent(JSONValue.self, forKey: .details)
        details = d == .null ? nil : d
    }
}

/// The results of one suite on one input, in the suite's metric order. JSON:
/// `{"suite": id, "seed": seed, "metrics": [MetricResult...]}`.
public struct SuiteResult: Codable, Sendable, Equatable {
    public var suite: String
    public var seed: UInt64
    public var metrics: [MetricResult]

    public init(suite: String, seed: UInt64, metrics: [MetricResult]) {
        self.suite = suite
        self.seed = seed
        self.metrics = metrics
    }

    /// The result of the metric with this id (full `suite.name` or just `name`).
    public subscript(id: String) -> MetricResult? {
        metrics.first { $0.id == id || $0.id == "\(suite).\(id)" }
    }

    /// The value of the metric with this id, nil when not ok or absent.
    public func value(_ id: String) -> Double? { self[id]?.value }

    /// The results whose status is error.
    public var errors: [MetricResult] { metrics.filter { $0.status == .error } }
}
