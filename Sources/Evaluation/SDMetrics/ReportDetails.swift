import SynthCore

/// One property's score in a report (SDMetrics' `get_properties()` row). JSON: `{"property", "score"}`.
public struct PropertyScore: Codable, Sendable, Equatable {
    public var property: String
    /// NaN in SDMetrics (no contributing row) is nil here.
    @NullWhenAbsent public var score: Double?

    public init(property: String, score: Double?) { self.property = property; self.score = score }

    enum CodingKeys: String, CodingKey { case property, score }
}

/// A per-column row of `get_details()` for Column Shapes and Data Validity
/// (SDMetrics columns `Column, Metric, Score, Error`). JSON: `{"column", "metric", "score", "error"}`.
public struct ColumnScoreDetail: Codable, Sendable, Equatable {
    public var column: String
    public var metric: String
    @NullWhenAbsent public var score: Double?
    @NullWhenAbsent public var error: String?

    public init(column: String, metric: String, score: Double?, error: String? = nil) {
        self.column = column; self.metric = metric; self.score = score; self.error = error
    }

    enum CodingKeys: String, CodingKey { case column, metric, score, error }
}

/// A per-pair row of Column Pair Trends' `get_details()` (SDMetrics columns `Column 1, Column 2, Metric,
/// Score, Real Correlation, Synthetic Correlation, Real Association, Meets Threshold?, Error`). JSON keys:
/// `column_1, column_2, metric, score, real_correlation, synthetic_correlation, real_association,
/// meets_threshold, error`; NaN is `null`, and `meets_threshold` is `null` where SDMetrics has NaN (the
/// pair failed), which counts as false.
public struct ColumnPairDetail: Codable, Sendable, Equatable {
    public var column1: String
    public var column2: String
    public var metric: String
    @NullWhenAbsent public var score: Double?
    @NullWhenAbsent public var realCorrelation: Double?
    @NullWhenAbsent public var syntheticCorrelation: Double?
    @NullWhenAbsent public var realAssociation: Double?
    @NullWhenAbsent public var meetsThreshold: Bool?
    @NullWhenAbsent public var error: String?

    public init(column1: String, column2: String, metric: String, score: Double?, realCorrelation: Double?,
                syntheticCorrelation: Double?, realAssociation: Double?, meetsThreshold: Bool?, error: String?) {
        self.column1 = column1; self.column2 = column2; self.metric = metric; self.score = score
        self.realCorrelation = realCorrelation; self.syntheticCorrelation = syntheticCorrelation
        self.realAssociation = realAssociation; self.meetsThreshold = meetsThreshold; self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case column1 = "column_1", column2 = "column_2", metric, score
        case realCorrelation = "real_correlation", syntheticCorrelation = "synthetic_correlation"
        case realAssociation = "real_association", meetsThreshold = "meets_threshold", error
    }
}

/// The Data Structure row (SDMetrics columns `Metric, Score, Error`). JSON: `{"metric", "score", "error"}`.
public struct TableScoreDetail: Codable, Sendable, Equatable {
    public var metric: String
    @NullWhenAbsent public var score: Double?
    @NullWhenAbsent public var error: String?

    public init(metric: String, score: Double?, error: String? = nil) {
        self.metric = metric; self.score = score; self.error = error
    }

    enum CodingKeys: String, CodingKey { case metric, score, error }
}
