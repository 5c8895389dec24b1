/// SDMetrics' KeyUniqueness on a single key column: `1 − (#repeated values + #missing values) / n` over
/// the synthetic rows, where a repeated value is any occurrence after the first (`duplicated()`), and
/// every missing row counts. NaN for an empty synthetic column.
enum KeyUniqueness {
    static func compute(synthetic codes: [Int32], levelCount: Int) -> Double {
        guard !codes.isEmpty else { return .nan }
        var seen = [Bool](repeating: false, count: levelCount)
        var bad = 0
        for c in codes {
            if c < 0 { bad += 1; continue }
            if seen[Int(c)] { bad += 1 } else { seen[Int(c)] = true }
        }
        return 1 - Double(bad) / Double(codes.count)
    }
}
