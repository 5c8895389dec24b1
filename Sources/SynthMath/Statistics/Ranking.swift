/// Ranks with ties averaged: the 1-based rank of each value, tied values sharing the mean of the ranks
/// they span — scipy.stats.rankdata(method='average').
///
/// NaN policy: NaN entries are not ranked and get NaN (pandas rank(na_option='keep')); the others are
/// ranked among themselves. ±∞ rank as the extremes.
public enum Ranking {
    public static func averageRanks(_ values: UnsafeBufferPointer<Double>) -> [Double] {
        var ranks = [Double](repeating: .nan, count: values.count)
        let kept = values.indices.filter { !values[$0].isNaN }
        let keptValues = kept.map { values[$0] }
        let order = keptValues.withUnsafeBufferPointer { RadixSort.argsort($0) }
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && keptValues[order[end]] == keptValues[order[start]] { end += 1 }
            // Positions start..<end hold ranks start+1 ... end; their mean is (start + 1 + end)/2.
            let rank = Double(start + 1 + end) / 2
            for k in start..<end { ranks[kept[order[k]]] = rank }
            start = end
        }
        return ranks
    }

    public static func averageRanks(_ values: [Double]) -> [Double] {
        values.withUnsafeBufferPointer { averageRanks($0) }
    }
}
