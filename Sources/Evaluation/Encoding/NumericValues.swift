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

extension Column {
    /// Each row's text (as a CSV holds it: a datetime in its own layout, a label, a number as the writer
    /// renders it) read with `format`: seconds since the epoch, NaN for a missing row, nil for a row whose
    /// text does not parse (pandas `to_datetime(format=..., errors='coerce')` giving NaT).
    func seconds(readingTextAs format: DatetimeFormat) -> [Double?] {
        switch values {
        case .datetime(let seconds, let layout) where layout == format:
            return seconds.indices.map { missing[$0] ? .nan : seconds[$0] }
        case .categorical(let codes, let levels):
            let parsed = levels.map { format.parse($0.utf8) }
            return codes.indices.map { missing[$0] || codes[$0] < 0 ? .nan : parsed[Int(codes[$0])] }
        default:
            return (0..<count).map { i in text(at: i).map { format.parse($0.utf8) } ?? .nan }
        }
    }
}
