import SynthMath
import SynthTable

/// RDT's `FloatFormatter` as SDV configures it for numerical columns:
/// `FloatFormatter(missing_value_replacement='mean', missing_value_generation='random',
/// learn_rounding_scheme=enforce_rounding, enforce_min_max_values=enforce_min_max_values)`.
///
/// - fit: the missing-value model (``MissingValueModel``), the observed [min, max], and the rounding
///   digits (``RoundingScheme/learnDigits(_:)``; an integer column always rounds to 0 places).
/// - transform: the values as doubles, missing ones replaced by the mean.
/// - reverse, in RDT's order: a missing mask drawn at the fitted rate, clipping to [min, max] when
///   enforced, rounding to the learned digits (integer columns to whole numbers). An integer column comes
///   back as an integer column; values beyond the 64-bit range are clamped to it and a NaN becomes missing.
public struct FloatFormatter: Sendable, Equatable {
    public let name: String
    /// The fitted column holds integers (and is rebuilt as one).
    public let isInteger: Bool
    public let missingValues: MissingValueModel
    /// Decimal places of the learned rounding (nil: no rounding).
    public let roundingDigits: Int?
    /// The clipping range when min/max values are enforced.
    public let range: ClosedRange<Double>?

    public init(fitting column: Column, learnRoundingScheme: Bool, enforceMinMaxValues: Bool) throws(SynthesisError) {
        name = column.name
        let values: [Double]
        switch column.values {
        case .numerical(let v): values = v; isInteger = false
        case .integer(let v): values = v.map(Double.init); isInteger = true
        default:
            throw .invalidData("column '\(column.name)' holds \(column.kind.rawValue) values; FloatFormatter (SDV sdtype numerical) needs numbers")
        }
        let missing = column.missing
        for i in values.indices where !missing[i] && !values[i].isFinite {
            throw .invalidValue(column: column.name, row: i, problem: "holds \(values[i]); numerical values must be finite")
        }
        missingValues = MissingValueModel(values: values, missing: missing)
        let observed = values.indices.lazy.filter { !missing[$0] }.map { values[$0] }
        if enforceMinMaxValues, let lo = observed.min(), let hi = observed.max() {
            range = lo...hi
        } else {
            range = nil
        }
        if isInteger {
            roundingDigits = 0
        } else {
            roundingDigits = learnRoundingScheme ? RoundingScheme.learnDigits(observed) : nil
        }
    }

    /// The column as doubles with missing entries replaced by the mean.
    public func transform(_ column: Column) throws(SynthesisError) -> [Double] {
        let values: [Double]
        switch column.values {
        case .numerical(let v): values = v
        case .integer(let v): values = v.map(Double.init)
        default: throw .invalidData("column '\(column.name)' holds \(column.kind.rawValue) values; expected numbers")
        }
        return missingValues.filled(values, missing: column.missing)
    }

    /// The column back from doubles (see the type's documentation).
    public func reverse(_ values: UnsafeBufferPointer<Double>, stream: inout RandomStream) -> Column {
        var missing = missingValues.regenerate(count: values.count, stream: &stream)
        let out = [Double](unsafeUninitializedCapacity: values.count) { buffer, count in
            for i in 0..<values.count {
                let x = formatted(values[i])
                if x.isNaN { missing[i] = true }
                buffer[i] = missing[i] ? 0 : x
            }
            count = values.count
        }
        if isInteger {
            let ints = out.map(RoundingScheme.clampedInteger)
            return Column(name: name, values: .integer(ints), missing: missing)
        }
        return Column(name: name, values: .numerical(out), missing: missing)
    }

    /// A value as `reverse` writes it before the missing mask: clipped to the range when enforced, then
    /// rounded to the learned digits. Non-decreasing in x.
    @inline(__always)
    func formatted(_ x: Double) -> Double {
        var x = x
        if let r = range { x = Swift.min(r.upperBound, Swift.max(r.lowerBound, x)) }
        if let d = roundingDigits { x = RoundingScheme.round(x, digits: d) }
        return x
    }

    /// Whether every value in [lo, hi] comes back as the same cell: `formatted` is non-decreasing, so ends
    /// that format alike (bit for bit, a zero's sign included) settle everything between them. A quantile
    /// table uses it to skip exact inversions whose last digits the rounding discards.
    public func formatsAlike(_ lo: Double, _ hi: Double) -> Bool {
        lo.isFinite && hi.isFinite && lo <= hi && formatted(lo).bitPattern == formatted(hi).bitPattern
    }

    public func reverse(_ values: [Double], stream: inout RandomStream) -> Column {
        values.withUnsafeBufferPointer { reverse($0, stream: &stream) }
    }
}
