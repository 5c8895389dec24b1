import SynthMath
import SynthTable

/// RDT's `UniformEncoder` (SDV's default transformer for categorical and boolean columns in the Gaussian
/// copula): category k, in order of first appearance with missing as its own category, owns the interval
/// [c_k, c_{k+1}] of [0, 1], where c_k is the cumulative frequency of the categories before it (and the last
/// upper end is set to exactly 1).
///
/// - transform: a value of category k becomes a draw from Uniform(c_k, c_{k+1}) (`np.random.uniform`);
///   a value the fit did not see gets a uniformly chosen known category first, as RDT does (with a warning).
/// - reverse: a number is clipped to [0, 1] and becomes the first category whose upper end it does not
///   exceed (`pd.cut` with right-closed bins and `include_lowest`), found by binary search.
public struct UniformEncoder: Sendable, Equatable {
    public let coding: CategoryCoding
    /// `frequencies[k]` = share of category k in the fitted column.
    public let frequencies: [Double]
    /// `bounds[k]` and `bounds[k + 1]` are the ends of category k's interval; `bounds[0] = 0`, last = 1.
    public let bounds: [Double]

    public init(fitting column: Column) {
        coding = CategoryCoding(column)
        frequencies = coding.frequencies
        var b = [0.0]
        b.reserveCapacity(frequencies.count + 1)
        var running = 0.0
        for f in frequencies { running += f; b.append(running) }  // np.cumsum
        b[b.count - 1] = 1
        bounds = b
    }

    public var name: String { coding.name }

    /// One uniform draw per row inside its category's interval.
    public func transform(_ column: Column, stream: inout RandomStream) -> [Double] {
        let categories = coding.categories(of: column)
        let k = coding.count
        return [Double](unsafeUninitializedCapacity: categories.count) { out, count in
            bounds.withUnsafeBufferPointer { b in
                for (i, c) in categories.enumerated() {
                    let category = c >= 0 ? Int(c) : stream.nextInt(below: k)
                    out[i] = stream.uniform(b[category], b[category + 1])
                }
            }
            count = categories.count
        }
    }

    /// The category whose interval holds each (clipped) value; NaN reads as 0.
    public func categories(_ values: UnsafeBufferPointer<Double>) -> [Int32] {
        let categories = coding.count
        precondition(categories > 0, "a fitted uniform encoder has at least one category")
        return [Int32](unsafeUninitializedCapacity: values.count) { out, count in
            bounds.withUnsafeBufferPointer { b in
                // The upper ends c_k = b[k + 1]; the last is 1, so every clipped value has a category.
                let upper = b.baseAddress! + 1
                for (i, raw) in values.enumerated() {
                    let v = raw.isNaN ? 0 : Swift.min(1, Swift.max(0, raw))
                    // Smallest k with v ≤ c_k: a search without branches on the data (c < v as a 0 or 1 scales
                    // the step), since the draws' categories are random and a branch on them is mispredicted
                    // half the time (a comparison, even in a conditional expression, compiles to such a branch).
                    var first = 0, n = categories
                    while n > 1 {
                        let half = n >> 1
                        first &+= half &* Self.isBelow(upper[first + half], v)
                        n -= half
                    }
                    out[i] = Int32(first &+ Self.isBelow(upper[first], v))
                }
            }
            count = values.count
        }
    }

    /// 1 when c < v, else 0, for finite c and v, from the sign of c − v (zero only when c == v: +0), without
    /// a comparison.
    @inline(__always)
    private static func isBelow(_ c: Double, _ v: Double) -> Int { Int(truncatingIfNeeded: (c - v).bitPattern >> 63) }

    /// The column back from its uniform representation (same name, kind and levels as the fitted column).
    public func reverse(_ values: UnsafeBufferPointer<Double>) -> Column {
        coding.column(from: categories(values))
    }

    public func reverse(_ values: [Double]) -> Column {
        values.withUnsafeBufferPointer { reverse($0) }
    }
}
