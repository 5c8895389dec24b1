/// Walker's alias method in Vose's numerically stable form: O(k) set-up once, then O(1) per categorical draw
/// (one uniform column, one uniform threshold).
public struct AliasTable: Sendable {
    /// Probability of each category (weights normalised to sum 1).
    public let probabilities: [Double]
    /// Acceptance threshold of each column.
    @usableFromInline let threshold: [Double]
    /// The category a column yields when its threshold rejects.
    @usableFromInline let alias: [Int]

    public var count: Int { probabilities.count }

    /// Builds the table from non-negative weights (normalisation not needed).
    public init(weights: [Double]) throws(SamplingError) {
        let total = try SamplingError.validate(weights)
        let k = weights.count
        probabilities = weights.map { $0 / total }
        var scaled = probabilities.map { $0 * Double(k) }
        var threshold = [Double](repeating: 1, count: k)
        var alias = Array(0..<k)
        var small: [Int] = [], large: [Int] = []
        for i in 0..<k { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        while let l = small.popLast() {
            guard let g = large.popLast() else { small.append(l); break }
            threshold[l] = scaled[l]
            alias[l] = g
            scaled[g] = (scaled[g] + scaled[l]) - 1
            if scaled[g] < 1 { small.append(g) } else { large.append(g) }
        }
        // Leftovers are 1 up to rounding: they always accept.
        for i in small { threshold[i] = 1 }
        for i in large { threshold[i] = 1 }
        self.threshold = threshold
        self.alias = alias
    }

    /// One draw.
    @inlinable
    public func sample(using stream: inout RandomStream) -> Int {
        let column = stream.nextInt(below: count)
        return stream.nextDouble() < threshold[column] ? column : alias[column]
    }

    /// `count` draws.
    public func sample(count n: Int, using stream: inout RandomStream) -> [Int] {
        precondition(n >= 0, "sample count must be non-negative")
        var out = [Int](repeating: 0, count: n)
        threshold.withUnsafeBufferPointer { t in
            alias.withUnsafeBufferPointer { a in
                for i in 0..<n {
                    let column = stream.nextInt(below: t.count)
                    out[i] = stream.nextDouble() < t[column] ? column : a[column]
                }
            }
        }
        return out
    }
}
