import SynthMath
import SynthTable

/// One column of an independent-columns baseline: how its values are drawn and how they become a column.
public struct IndependentColumn: Sendable {
    /// The distribution of the column's values, each row drawn independently.
    public enum Marginal: Sendable {
        /// Every integer in [low, high] equally likely (numpy `randint(low, high + 1)`).
        case uniformIntegers(low: Int, high: Int)
        /// Uniform on [low, high) (numpy `uniform(low, high)`).
        case uniformReals(low: Double, high: Double)
        /// A Gaussian mixture, draws clipped to [low, high].
        case mixture(GaussianMixture1D, low: Double, high: Double)
        /// One of the coding's categories: uniformly (nil) or with the alias table's probabilities.
        case categories(AliasTable?)
    }

    /// How drawn numbers become a column.
    public enum Shape: Sendable, Equatable {
        case numerical
        /// Rounded half to even to whole numbers.
        case integer
        /// Seconds rounded to whole seconds and truncated to what the layout shows (as
        /// ``UnixTimestampEncoder`` reverses).
        case datetime(DatetimeFormat)
    }

    public let name: String
    public let marginal: Marginal
    /// The categories for ``Marginal/categories(_:)``; nil for numeric marginals.
    public let coding: CategoryCoding?
    public let shape: Shape
    /// Missing entries are regenerated at this model's rate (RDT's random missing-value generation);
    /// nil: the column comes back complete.
    public let missingValues: MissingValueModel?

    public init(name: String, marginal: Marginal, coding: CategoryCoding? = nil, shape: Shape = .numerical,
                missingValues: MissingValueModel? = nil) {
        if case .categories = marginal { precondition(coding != nil, "a categorical marginal needs its coding") }
        self.name = name; self.marginal = marginal; self.coding = coding; self.shape = shape
        self.missingValues = missingValues
    }

    /// `count` rows drawn from `stream`.
    public func draw(count: Int, stream: inout RandomStream) -> Column {
        switch marginal {
        case .categories(let table):
            let k = coding!.count
            let categories = (0..<count).map { _ in Int32(table?.sample(using: &stream) ?? stream.nextInt(below: k)) }
            return coding!.column(from: categories)
        case .uniformIntegers(let low, let high):
            let width = UInt64(bitPattern: Int64(high &- low)) &+ 1
            let values = (0..<count).map { _ in
                width == 0 ? Int(bitPattern: UInt(truncatingIfNeeded: stream.next()))
                    : low &+ Int(truncatingIfNeeded: Self.below(width, &stream))
            }
            let missing = missingValues?.regenerate(count: count, stream: &stream) ?? [Bool](repeating: false, count: count)
            return Column(name: name, values: .integer(values.indices.map { missing[$0] ? 0 : values[$0] }), missing: missing)
        case .uniformReals(let low, let high):
            return numericColumn((0..<count).map { _ in stream.uniform(low, high) }, stream: &stream)
        case .mixture(let gmm, let low, let high):
            let draws = gmm.sample(count: count, stream: &stream).map { Swift.min(high, Swift.max(low, $0)) }
            return numericColumn(draws, stream: &stream)
        }
    }

    /// A uniform integer in 0..<bound for any 64-bit bound (Lemire's method).
    static func below(_ bound: UInt64, _ stream: inout RandomStream) -> UInt64 {
        var m = stream.next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = stream.next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }

    func numericColumn(_ values: [Double], stream: inout RandomStream) -> Column {
        var missing = missingValues?.regenerate(count: values.count, stream: &stream)
            ?? [Bool](repeating: false, count: values.count)
        switch shape {
        case .numerical:
            return Column(name: name, values: .numerical(values.indices.map { missing[$0] ? 0 : values[$0] }), missing: missing)
        case .integer:
            let ints = values.indices.map { i -> Int in
                let x = values[i].rounded(.toNearestOrEven)
                if missing[i] || x.isNaN { missing[i] = true; return 0 }
                return RoundingScheme.clampedInteger(x)
            }
            return Column(name: name, values: .integer(ints), missing: missing)
        case .datetime(let format):
            let resolution = UnixTimestampEncoder.resolution(of: format)
            let seconds = values.indices.map { i -> Double in
                missing[i] ? 0 : UnixTimestampEncoder.truncate(values[i].rounded(.toNearestOrEven), format, resolution)
            }
            return Column(name: name, values: .datetime(seconds: seconds, format: format), missing: missing)
        }
    }
}
