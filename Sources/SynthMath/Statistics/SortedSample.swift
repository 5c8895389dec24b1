/// A sample with its NaNs dropped and the rest sorted ascending: the shared first step of the two-sample
/// KS test, the Wasserstein distance and quantiles. Build it once per column and reuse it when one column
/// is compared many times.
///
/// Sorting is ``RadixSort`` (about 5x faster than `Array.sort()` on 32k values). ±∞ sort to the ends;
/// -0.0 sorts just before +0.0 (they compare equal, so no statistic sees the order).
public struct SortedSample: Sendable, Equatable {
    /// The non-NaN values, ascending.
    public let values: [Double]
    /// How many NaNs the input had.
    public let droppedNaNCount: Int

    /// Drops NaN from `data` and sorts the rest.
    public init(_ data: UnsafeBufferPointer<Double>) {
        var nanCount = 0
        var kept = [Double](unsafeUninitializedCapacity: data.count) { out, count in
            var k = 0
            for x in data {
                if x.isNaN { nanCount += 1 } else { out[k] = x; k += 1 }
            }
            count = k
        }
        RadixSort.sort(&kept)
        values = kept
        droppedNaNCount = nanCount
    }

    public init(_ data: [Double]) {
        self = data.withUnsafeBufferPointer { SortedSample($0) }
    }

    /// Wraps values the caller guarantees are sorted ascending and NaN-free (a programmer error otherwise).
    public init(alreadySorted values: [Double]) {
        precondition(!values.contains { $0.isNaN }, "SortedSample(alreadySorted:) got NaN")
        precondition(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "SortedSample(alreadySorted:) is not sorted")
        self.values = values
        droppedNaNCount = 0
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }
}
