import Foundation
import SynthMath
import SynthTable

/// RDT's `UnixTimestampEncoder` as SDV configures it for datetime columns
/// (`missing_value_replacement='mean'`, `missing_value_generation='random'`,
/// `enforce_min_max_values=enforce_min_max_values`), in seconds since the epoch (RDT uses nanoseconds;
/// SynthBench's datetime columns hold seconds and their layouts resolve at most seconds).
///
/// - transform: the seconds, missing entries replaced by the mean.
/// - reverse, in RDT's order: a missing mask at the fitted rate, rounding to whole seconds, clipping to
///   the fitted [min, max] when enforced, then truncation to what the column's layout shows (RDT formats
///   with the datetime format and parses back: `%Y-%m-%d` keeps the day, drops the time).
public struct UnixTimestampEncoder: Sendable, Equatable {
    public let name: String
    public let format: DatetimeFormat
    public let missingValues: MissingValueModel
    public let range: ClosedRange<Double>?

    public init(fitting column: Column, enforceMinMaxValues: Bool) throws(SynthesisError) {
        guard case .datetime(let seconds, let format) = column.values else {
            throw .invalidData("column '\(column.name)' holds \(column.kind.rawValue) values; UnixTimestampEncoder (SDV sdtype datetime) needs a datetime column")
        }
        name = column.name
        self.format = format
        let missing = column.missing
        for i in seconds.indices where !missing[i] && !seconds[i].isFinite {
            throw .invalidValue(column: column.name, row: i, problem: "holds a non-finite timestamp")
        }
        missingValues = MissingValueModel(values: seconds, missing: missing)
        let observed = seconds.indices.lazy.filter { !missing[$0] }.map { seconds[$0] }
        if enforceMinMaxValues, let lo = observed.min(), let hi = observed.max() { range = lo...hi } else { range = nil }
    }

    public func transform(_ column: Column) throws(SynthesisError) -> [Double] {
        guard case .datetime(let seconds, _) = column.values else {
            throw .invalidData("column '\(column.name)' holds \(column.kind.rawValue) values; expected datetimes")
        }
        return missingValues.filled(seconds, missing: column.missing)
    }

    public func reverse(_ values: UnsafeBufferPointer<Double>, stream: inout RandomStream) -> Column {
        var missing = missingValues.regenerate(count: values.count, stream: &stream)
        let truncation = Self.resolution(of: format)
        let out = (0..<values.count).map { i -> Double in
            var x = values[i].rounded(.toNearestOrEven)
            if let r = range { x = min(r.upperBound, max(r.lowerBound, x)) }
            if !x.isFinite { missing[i] = true }
            return missing[i] ? 0 : Self.truncate(x, format, truncation)
        }
        return Column(name: name, values: .datetime(seconds: out, format: format), missing: missing)
    }

    public func reverse(_ values: [Double], stream: inout RandomStream) -> Column {
        values.withUnsafeBufferPointer { reverse($0, stream: &stream) }
    }

    enum Truncation: Equatable { case seconds(Double), layout }

    /// Whole seconds `x` as the layout shows them: floored to its finest unit, or formatted and parsed back.
    static func truncate(_ x: Double, _ format: DatetimeFormat, _ truncation: Truncation) -> Double {
        switch truncation {
        case .seconds(let step): return step == 1 ? x : (x / step).rounded(.down) * step
        case .layout: return format.parse(Array(format.format(x).utf8)) ?? x
        }
    }

    /// The finest unit the layout shows: seconds, minutes, hours or days (when it has year, month and day),
    /// else a format-and-parse round trip.
    static func resolution(of format: DatetimeFormat) -> Truncation {
        let p = format.pattern
        if p.contains("%S") { return .seconds(1) }
        let hasDate = p.contains("%Y") && p.contains("%m") && p.contains("%d")
        guard hasDate else { return .layout }
        if p.contains("%M") { return .seconds(60) }
        if p.contains("%H") { return .seconds(3600) }
        return .seconds(86400)
    }
}
