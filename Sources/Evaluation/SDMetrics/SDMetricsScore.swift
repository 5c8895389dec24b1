/// One score of an SDMetrics property with the error that replaced it, as a row of SDMetrics'
/// `get_details()` carries them: `score` is NaN when the metric could not be computed or does not
/// apply, and `error` is `"<ErrorType>: <message>"` when it failed.
struct SDMetricsScore {
    var score: Double
    var error: String?

    static func value(_ x: Double) -> SDMetricsScore { SDMetricsScore(score: x, error: nil) }
    static func failure(_ type: String, _ message: String) -> SDMetricsScore {
        SDMetricsScore(score: .nan, error: "\(type): \(message)")
    }
}

/// The mean of the non-NaN values (numpy.nanmean / pandas mean with skipna); NaN when there are none.
func nanMean<S: Sequence>(_ values: S) -> Double where S.Element == Double {
    var sum = 0.0, n = 0
    for x in values where !x.isNaN { sum += x; n += 1 }
    return n == 0 ? .nan : sum / Double(n)
}

extension Double {
    /// nil for NaN (and ±∞): how report JSON carries an undefined number.
    var finiteOrNil: Double? { isFinite ? self : nil }
}
