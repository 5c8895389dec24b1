import SynthTable

/// Units for datetime columns when a metric reads them as numbers.
enum DatetimeUnit: Sendable {
    /// Seconds since the epoch, as ``Table`` stores them.
    case seconds
    /// Nanoseconds since the epoch, rounded to whole numbers: what `pd.to_numeric` gives for the
    /// datetime64[ns] columns SDMetrics compares (equal-width bins and KS ties then fall where
    /// SDMetrics' fall).
    case nanoseconds
}

extension Column {
    /// The values as numbers with NaN for missing (booleans 0/1, datetimes in `unit`), or nil when the
    /// column holds categorical text, which no numeric metric reads.
    func numericValues(datetimeUnit unit: DatetimeUnit = .seconds) -> [Double]? {
        switch values {
        case .categorical: return nil
        case .datetime(let seconds, _) where unit == .nanoseconds:
            var out = seconds.map { ($0 * 1e9).rounded() }
            for i in out.indices where missing[i] { out[i] = .nan }
            return out
        default: return doubles()
        }
    }

    /// The pandas dtype this column has when read into a DataFrame: int64, float64, object, bool or
    /// datetime64[ns]; an integer column with a missing value is float64 and a boolean column with a
    /// missing value is object, as pandas stores them.
    var pandasDtype: String {
        switch kind {
        case .integer: hasMissing ? "float64" : "int64"
        case .numerical: "float64"
        case .categorical: "object"
        case .boolean: hasMissing ? "object" : "bool"
        case .datetime: "datetime64[ns]"
        }
    }
}
