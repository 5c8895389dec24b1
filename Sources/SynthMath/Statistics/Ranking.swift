/// Ranks with ties averaged: the 1-based rank of each value, tied values sharing the mean of the ranks
/// they span — scipy.stats.rankdata(method='average').
///
/// NaN policy: NaN entries are not ranked and get NaN (pandas rank(na_option='keep')); the others are
/// ranked among themselves. ±∞ rank as the extremes.
public enum Ranking {
    public static func averageRanks(_ values: UnsafeBufferPointer<Double>) -> [Double] {
        var ranks = [Double](repeating: .nan, count: values.count)
        let order = RadixSort.argsortDroppingNaN(values)
        order.withUnsafeBufferPointer { o in
            ranks.withUnsafeMutableBufferPointer { r in
                let m = o.count
                var start = 0
                while start < m {
                    let v = values[Int(o[start])]
                    var end = start + 1
                    while end < m && values[Int(o[end])] == v { end += 1 }
                    // Positions start..<end hold ranks start+1 ... end; their mean is (start + 1 + end)/2.
                    let rank = Double(start + 1 + end) / 2
                    for k in start..<end { r[Int(o[k])] = rank }
                    start = end
                }
            }
        }
        return ranks
    }

    public static func averageRanks(_ values: [Double]) -> [Double] {
        values.withUnsafeBufferPointer { averageRanks($0) }
    }
}
