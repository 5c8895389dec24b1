import SynthTable

/// SDMetrics 0.32's DatetimeFormatAdherence: the share of synthetic rows whose value, as text, parses
/// with the metadata's `datetime_format` (pandas `to_datetime(format=..., errors='coerce')`); missing
/// values count as adhering. SDMetrics reads the text of the column as it was loaded (strings from a
/// CSV); SynthBench reads the same text: a datetime column's values as its own layout writes them, a
/// categorical column's labels, other columns' values as the CSV writer renders them. SDMetrics returns
/// NaN when the synthetic column is already a pandas datetime; a column from a CSV never is.
enum DatetimeFormatAdherence {
    struct EmptyColumn: Error, CustomStringConvertible {
        var description: String { "ZeroDivisionError: division by zero" }
    }

    static func compute(synthetic: Column, format pattern: String) throws -> Double {
        guard synthetic.count > 0 else { throw EmptyColumn() }
        let valid = synthetic.seconds(readingTextAs: DatetimeFormat(pattern)).reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        return Double(valid) / Double(synthetic.count)
    }
}
