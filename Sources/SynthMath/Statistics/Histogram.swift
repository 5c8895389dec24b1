import Foundation

/// Counts of values in bins with numpy.histogram semantics: bin i holds edges[i] ≤ x < edges[i+1], the
/// last bin also holds x = edges[last]; values outside [edges[0], edges[last]] are not counted.
///
/// NaN policy: NaN values are dropped (numpy would refuse to autodetect a range, or count nothing).
/// Edges must be finite and non-decreasing. Equal-width edges over a sample's range are
/// numpy.histogram_bin_edges; for two samples compared bin by bin use
/// ``shared(_:_:bins:range:)``, which puts both on the same edges.
public struct Histogram: Sendable, Equatable {
    /// binCount + 1 finite, non-decreasing edges.
    public let edges: [Double]
    /// Count per bin.
    public let counts: [Double]

    public var binCount: Int { counts.count }
    /// Number of values that fell in some bin.
    public var total: Double { counts.reduce(0, +) }

    /// Whose range the shared equal-width bins span.
    public enum SharedRange: String, Sendable, Equatable {
        /// [min, max] of the first (reference, usually real) sample; values of the other sample outside it
        /// are not counted (SynthCity's get_frequency).
        case reference
        /// [min, max] over both samples, so every value is counted.
        case pooled
    }

    /// How ``probabilities(smoothing:)`` turns counts into a distribution.
    public enum Smoothing: Sendable, Equatable {
        /// p_i = c_i / Σc.
        case none
        /// Additive (Lidstone) smoothing of counts: p_i = (c_i + a) / (Σc + k·a).
        case pseudoCount(Double)
        /// p_i = (c_i/Σc + ε) / Σ_j (c_j/Σc + ε): SynthCity's jensenshannon_dist adds ε = 1 to every probability
        /// before scipy renormalises.
        case addedProbability(Double)
        /// p_i = c_i/Σc, with zeros replaced by ε and no renormalisation (SynthCity's get_frequency, ε = 1e-11).
        case zeroReplacement(Double)
    }

    /// Counts `values` (NaN dropped) into the bins given by `edges` (numpy.histogram(values, bins=edges)).
    public init(_ values: UnsafeBufferPointer<Double>, edges: [Double]) throws {
        try Histogram.validate(edges: edges)
        var counts = [Double](repeating: 0, count: edges.count - 1)
        edges.withUnsafeBufferPointer { e in
            counts.withUnsafeMutableBufferPointer { c in
                for x in values { if let b = Histogram.bin(of: x, edges: e) { c[b] += 1 } }
            }
        }
        self.edges = edges
        self.counts = counts
    }

    public init(_ values: [Double], edges: [Double]) throws {
        self = try values.withUnsafeBufferPointer { try Histogram($0, edges: edges) }
    }

    /// numpy.histogram(values, bins=bins): `bins` equal-width bins over [min, max] of the non-NaN values.
    public init(_ values: [Double], bins: Int) throws {
        let e = try values.withUnsafeBufferPointer { try Histogram.equalWidthEdges(bins: bins, spanning: $0) }
        try self.init(values, edges: e)
    }

    // MARK: Edges

    /// numpy.linspace(lower, upper, bins + 1) as numpy.histogram builds it: edge_i = i·step + lower, the last
    /// edge exactly `upper`; a degenerate range lower == upper is widened to [lower − 0.5, upper + 0.5].
    public static func equalWidthEdges(bins: Int, lower: Double, upper: Double) throws -> [Double] {
        guard bins >= 1 else { throw StatisticsError.invalidParameter("bins", "\(bins) must be at least 1") }
        guard lower.isFinite, upper.isFinite else {
            throw StatisticsError.invalidParameter("range", "[\(lower), \(upper)] is not finite")
        }
        guard lower <= upper else {
            throw StatisticsError.invalidParameter("range", "lower \(lower) exceeds upper \(upper)")
        }
        var first = lower, last = upper
        if first == last { first -= 0.5; last += 0.5 }
        let step = (last - first) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + first }
        edges[bins] = last
        return edges
    }

    /// numpy.histogram_bin_edges(values, bins): equal-width edges over [min, max] of the non-NaN values.
    /// Throws for no values or an infinite value (numpy: "autodetected range is not finite").
    public static func equalWidthEdges(bins: Int, spanning values: UnsafeBufferPointer<Double>) throws -> [Double] {
        let (lo, hi) = try finiteRange(values, name: "values")
        return try equalWidthEdges(bins: bins, lower: lo, upper: hi)
    }

    /// Both samples counted on the same `bins` equal-width edges over the range chosen by `range`.
    public static func shared(_ reference: UnsafeBufferPointer<Double>, _ other: UnsafeBufferPointer<Double>,
                              bins: Int, range: SharedRange = .reference) throws -> (reference: Histogram, other: Histogram) {
        var (lo, hi) = try finiteRange(reference, name: "reference sample")
        if range == .pooled {
            let (lo2, hi2) = try finiteRange(other, name: "other sample")
            lo = min(lo, lo2); hi = max(hi, hi2)
        }
        let edges = try equalWidthEdges(bins: bins, lower: lo, upper: hi)
        return (try Histogram(reference, edges: edges), try Histogram(other, edges: edges))
    }

    public static func shared(_ reference: [Double], _ other: [Double], bins: Int,
                              range: SharedRange = .reference) throws -> (reference: Histogram, other: Histogram) {
        try reference.withUnsafeBufferPointer { r in
            try other.withUnsafeBufferPointer { o in try shared(r, o, bins: bins, range: range) }
        }
    }

    /// min and max of the non-NaN values; throws when there are none or one is infinite.
    static func finiteRange(_ values: UnsafeBufferPointer<Double>, name: String) throws -> (Double, Double) {
        var lo = Double.infinity, hi = -Double.infinity, seen = false
        for (i, x) in values.enumerated() where !x.isNaN {
            guard x.isFinite else { throw StatisticsError.nonFiniteValue(name, index: i) }
            seen = true
            lo = min(lo, x); hi = max(hi, x)
        }
        guard seen else { throw StatisticsError.emptySample(name) }
        return (lo, hi)
    }

    static func validate(edges: [Double]) throws {
        guard edges.count >= 2 else {
            throw StatisticsError.invalidParameter("edges", "need at least 2 edges, got \(edges.count)")
        }
        for (i, e) in edges.enumerated() {
            guard e.isFinite else { throw StatisticsError.nonFiniteValue("edges", index: i) }
            if i > 0 && e < edges[i - 1] {
                throw StatisticsError.invalidParameter("edges", "edges must not decrease (edge \(i) is \(e) < \(edges[i - 1]))")
            }
        }
    }

    // MARK: Lookup

    /// The number of edges ≤ x (numpy.searchsorted(edges, x, side='right')); NaN counts as above all.
    @inlinable
    public static func upperBound(_ x: Double, edges: UnsafeBufferPointer<Double>) -> Int {
        if x.isNaN { return edges.count }
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if edges[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The bin numpy.histogram puts x in, or nil when x is NaN or outside [edges[0], edges[last]].
    @inlinable
    public static func bin(of x: Double, edges: UnsafeBufferPointer<Double>) -> Int? {
        let last = edges.count - 1
        guard x >= edges[0] && x <= edges[last] else { return nil }
        return min(upperBound(x, edges: edges) - 1, last - 1)
    }

    /// numpy.digitize(x, edges) (right=False, increasing edges): i with edges[i−1] ≤ x < edges[i]; 0 below
    /// the first edge, edges.count at or above the last, and for NaN. SDMetrics discretises continuous
    /// columns this way for ContingencySimilarity.
    @inlinable
    public static func digitize(_ x: Double, edges: UnsafeBufferPointer<Double>) -> Int {
        upperBound(x, edges: edges)
    }

    // MARK: Distribution

    /// The counts as a probability vector, smoothed as asked. Throws ``StatisticsError/emptySample(_:)``
    /// when no value fell in any bin, and for a negative or non-finite smoothing constant.
    public func probabilities(smoothing: Smoothing = .none) throws -> [Double] {
        let sum = total
        guard sum > 0 else { throw StatisticsError.emptySample("histogram") }
        switch smoothing {
        case .none:
            return counts.map { $0 / sum }
        case .pseudoCount(let a):
            try Histogram.checkSmoothing(a)
            return Histogram.normalized(counts.map { $0 + a })
        case .addedProbability(let e):
            try Histogram.checkSmoothing(e)
            return Histogram.normalized(counts.map { $0 / sum + e })
        case .zeroReplacement(let e):
            try Histogram.checkSmoothing(e)
            return counts.map { $0 == 0 ? e : $0 / sum }
        }
    }

    static func normalized(_ v: [Double]) -> [Double] {
        let s = v.reduce(0, +)
        return v.map { $0 / s }
    }

    static func checkSmoothing(_ c: Double) throws {
        guard c >= 0 && c.isFinite else {
            throw StatisticsError.invalidParameter("smoothing", "\(c) must be a finite non-negative number")
        }
    }
}
