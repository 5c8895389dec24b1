import SynthMath
import SynthTable

/// One metadata column of the real and the synthetic table, prepared once for every metric of the
/// Quality Report that reads it.
///
/// - A continuous column (sdtype numerical or datetime) keeps its values as numbers (datetimes in
///   nanoseconds, as SDMetrics converts them) and, for pairs with a discrete column, its bin codes:
///   `np.digitize(x, np.histogram_bin_edges(x.dropna()))` — 10 equal-width bins over the table's OWN
///   [min, max], computed separately for the real and the synthetic table; bins are 1...10, the maximum
///   value and missing values land in bin 11 (an empty column gets numpy's [0, 1] range; an infinite
///   value makes discretisation fail, as numpy's "autodetected range is not finite").
/// - A discrete column (sdtype categorical or boolean) becomes shared category codes; for pairs a
///   missing value is one more category (pandas `groupby(dropna=False)`).
struct ReportColumn {
    enum Content {
        case continuous(Continuous)
        case discrete(Discrete)
    }

    struct Continuous {
        /// nil when the column holds text (then every metric on it fails with `failure`).
        var real: [Double]?
        var synthetic: [Double]?
        /// Whether pandas holds each side as float64 (KSComplement rounds those).
        var realIsFloat: Bool
        var syntheticIsFloat: Bool
        /// Bin codes 0...11 (0 never occurs) per side, nil when discretisation failed.
        var realBins: [Int32]?
        var syntheticBins: [Int32]?
        var failure: String?
    }

    struct Discrete {
        var categories: SharedCategoryCodes
        /// Codes with missing as the extra code `categories.levelCount`.
        var realCodes: [Int32]
        var syntheticCodes: [Int32]
        var levels: Int { categories.levelCount + 1 }
    }

    static let binCount = 10
    /// Codes a discretised column can take: numpy.digitize returns 0...11 for 11 edges.
    static let binLevels = binCount + 2

    let name: String
    let content: Content

    var isContinuous: Bool { if case .continuous = content { true } else { false } }

    init(name: String, real: Column, synthetic: Column, continuous: Bool) {
        self.name = name
        if continuous {
            var c = Continuous(real: real.numericValues(datetimeUnit: .nanoseconds),
                               synthetic: synthetic.numericValues(datetimeUnit: .nanoseconds),
                               realIsFloat: real.pandasDtype == "float64",
                               syntheticIsFloat: synthetic.pandasDtype == "float64")
            if c.real == nil || c.synthetic == nil {
                c.failure = "TypeError: column '\(name)' holds text, but its sdtype is continuous (numbers or datetimes)"
            } else {
                do {
                    c.realBins = try Self.discretize(c.real!)
                    c.syntheticBins = try Self.discretize(c.synthetic!)
                } catch {
                    c.failure = "ValueError: \(error)"
                }
            }
            content = .continuous(c)
        } else {
            let categories = SharedCategoryCodes([real, synthetic])
            let missing = Int32(categories.levelCount)
            content = .discrete(Discrete(categories: categories,
                                         realCodes: categories.codes[0].map { $0 < 0 ? missing : $0 },
                                         syntheticCodes: categories.codes[1].map { $0 < 0 ? missing : $0 }))
        }
    }

    /// numpy.digitize(values, numpy.histogram_bin_edges(non-missing values)) with 10 bins.
    static func discretize(_ values: [Double]) throws -> [Int32] {
        var lo = Double.infinity, hi = -Double.infinity
        for x in values where !x.isNaN { lo = min(lo, x); hi = max(hi, x) }
        if lo > hi { lo = 0; hi = 1 }  // no values: numpy's default range
        guard lo.isFinite, hi.isFinite else {
            throw DiscretizationError(lower: lo, upper: hi)
        }
        let edges = try Histogram.equalWidthEdges(bins: binCount, lower: lo, upper: hi)
        return edges.withUnsafeBufferPointer { e in
            values.map { Int32(Histogram.digitize($0, edges: e)) }
        }
    }

    struct DiscretizationError: Error, CustomStringConvertible {
        var lower: Double, upper: Double
        var description: String { "autodetected range of [\(lower), \(upper)] is not finite" }
    }
}
