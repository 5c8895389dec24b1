import Foundation

/// How often each category of one discrete span occurs in an encoded table, and in which rows: what CTGAN's
/// `DataSampler` (training-by-sampling) and SynthCity's `ConditionalDatasetSampler` need.
///
/// Rows whose value was not seen at fit time (an all-zero one-hot) count in no category, as
/// `np.sum(data[:, st:ed], axis=0)` does.
public struct DiscreteSpanFrequencies: Sendable, Equatable {
    /// The discrete span these counts describe.
    public let span: TabularLayout.Span
    /// Where this column's block starts in a condition vector.
    public let conditionOffset: Int
    /// Rows per category.
    public let counts: [Int]
    /// Row indices grouped by category: category c's rows are `rows[rowStarts[c]..<rowStarts[c + 1]]`,
    /// ascending (CTGAN's `rid_by_cat`).
    public let rowStarts: [Int]
    public let rows: [Int]

    /// Counts rows per category from each row's category index (-1: none).
    public init(span: TabularLayout.Span, conditionOffset: Int, categories: UnsafeBufferPointer<Int32>) {
        var counts = [Int](repeating: 0, count: span.width)
        for c in categories where c >= 0 { counts[Int(c)] += 1 }
        var starts = [Int](repeating: 0, count: span.width + 1)
        for c in 0..<span.width { starts[c + 1] = starts[c] + counts[c] }
        var fill = Array(starts.dropLast())
        var rows = [Int](repeating: 0, count: starts[span.width])
        for (i, c) in categories.enumerated() where c >= 0 {
            rows[fill[Int(c)]] = i
            fill[Int(c)] += 1
        }
        self.span = span
        self.conditionOffset = conditionOffset
        self.counts = counts
        self.rowStarts = starts
        self.rows = rows
    }

    /// The rows holding category `c`.
    public func rows(ofCategory c: Int) -> ArraySlice<Int> { rows[rowStarts[c]..<rowStarts[c + 1]] }

    /// Empirical frequencies, count / rows (SynthCity's conditional sampler; CTGAN with
    /// `log_frequency=False`). All zero when no row has a known category.
    public var rawProbabilities: [Double] {
        let total = Double(counts.reduce(0, +))
        return counts.map { total > 0 ? Double($0) / total : 0 }
    }

    /// CTGAN's default (`log_frequency=True`): log(count + 1) / Σ log(count + 1).
    public var logProbabilities: [Double] {
        let logs = counts.map { log(Double($0) + 1) }
        let total = logs.reduce(0, +)
        return logs.map { total > 0 ? $0 / total : 0 }
    }
}
