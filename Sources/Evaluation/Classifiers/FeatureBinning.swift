/// Maps each feature to at most 255 ordered bins learned from training data; code 0 is reserved for
/// missing values (NaN), which therefore always fall on the left of a split.
///
/// Trees split on bin boundaries instead of every distinct value: with up to 255 distinct values per
/// feature this is exact (thresholds are the midpoints between consecutive distinct values); above that,
/// thresholds are training quantiles, the histogram approximation LightGBM and scikit-learn's
/// HistGradientBoosting use. It makes a split search O(rows) per feature instead of O(rows log rows).
public struct FeatureBinning: Sendable {
    /// Per feature, ascending thresholds; a value x gets code `1 + #{t : t < x}` (bin b holds the values in
    /// `(t[b-2], t[b-1]]`).
    public let thresholds: [[Double]]

    public static let maxBins = 255

    /// Learns thresholds from `features` (column-major: `features[j][i]` is feature j of row i).
    public init(fitting features: [[Double]]) {
        thresholds = features.map { column in
            var values = column.filter { !$0.isNaN }
            values.sort()
            var distinct: [Double] = []
            distinct.reserveCapacity(min(values.count, 1024))
            for v in values where distinct.last != v { distinct.append(v) }
            if distinct.count <= FeatureBinning.maxBins {
                return zip(distinct.dropLast(), distinct.dropFirst()).map { ($0 + $1) / 2 }
            }
            var cuts: [Double] = []
            let n = values.count
            for b in 1..<FeatureBinning.maxBins {
                let v = values[min(n - 1, b * n / FeatureBinning.maxBins)]
                if cuts.last.map({ v > $0 }) ?? true { cuts.append(v) }
            }
            return cuts
        }
    }

    public var featureCount: Int { thresholds.count }

    /// Bin codes, column-major (`codes[j * rows + i]`), for rows of the same feature layout.
    public func codes(for features: [[Double]]) -> [UInt8] {
        precondition(features.count == thresholds.count, "expected \(thresholds.count) features, got \(features.count)")
        let rows = features.first?.count ?? 0
        var out = [UInt8](repeating: 0, count: rows * features.count)
        out.withUnsafeMutableBufferPointer { o in
            for (j, column) in features.enumerated() {
                let t = thresholds[j]
                t.withUnsafeBufferPointer { tp in
                    for i in 0..<rows {
                        let x = column[i]
                        if x.isNaN { o[j * rows + i] = 0; continue }
                        var lo = 0, hi = tp.count  // first index with t >= x
                        while lo < hi {
                            let mid = (lo + hi) >> 1
                            if tp[mid] < x { lo = mid + 1 } else { hi = mid }
                        }
                        o[j * rows + i] = UInt8(lo + 1)
                    }
                }
            }
        }
        return out
    }
}
