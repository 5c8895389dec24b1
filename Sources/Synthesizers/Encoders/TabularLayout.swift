import Foundation

/// Where each column lives in an encoded row: what CTGAN's `output_info` (`SpanInfo(dim, activation)`) and
/// SynthCity's `TabularEncoder.layout()` / `activation_layout()` describe.
///
/// A continuous column is two spans, its scalar (`.continuousValue`: tanh in CTGAN and both TVAEs,
/// identity in SynthCity's CTGAN) and its mode one-hot (`.mode`: softmax / Gumbel-softmax); a discrete
/// column is one `.discrete` span (softmax / Gumbel-softmax). Spans are contiguous, in column order.
public struct TabularLayout: Sendable, Equatable {
    public enum SpanKind: String, Sendable, Codable, CaseIterable {
        /// The mode-normalised scalar of a continuous column (width 1).
        case continuousValue
        /// The one-hot of a continuous column's mixture mode.
        case mode
        /// The one-hot of a discrete column's category.
        case discrete
    }

    public struct Span: Sendable, Equatable {
        /// First encoded column of the span.
        public let start: Int
        public let width: Int
        public let kind: SpanKind
        /// Index of the table column (into ``TabularLayout/columnNames``) the span encodes.
        public let column: Int

        public init(start: Int, width: Int, kind: SpanKind, column: Int) {
            self.start = start; self.width = width; self.kind = kind; self.column = column
        }

        public var end: Int { start + width }
    }

    /// The encoded columns' names, in table order.
    public let columnNames: [String]
    public let spans: [Span]

    public init(columnNames: [String], spans: [Span]) {
        var next = 0
        for s in spans {
            precondition(s.start == next && s.width > 0 && columnNames.indices.contains(s.column),
                         "spans must be contiguous, non-empty and name a column")
            next = s.end
        }
        self.columnNames = columnNames
        self.spans = spans
    }

    /// Encoded row width.
    public var width: Int { spans.last?.end ?? 0 }
    /// The discrete spans, in order: the columns CTGAN's training-by-sampling conditions on.
    public var discreteSpans: [Span] { spans.filter { $0.kind == .discrete } }
    /// Width of a condition vector: the summed widths of the discrete spans.
    public var conditionWidth: Int { discreteSpans.reduce(0) { $0 + $1.width } }
    /// The spans of table column `column`.
    public func spans(ofColumn column: Int) -> [Span] { spans.filter { $0.column == column } }
}

/// How often each category of one discrete span occurs in an encoded table, and in which rows: what CTGAN's
/// `DataSampler` (training-by-sampling) and SynthCity's `ConditionalDatasetSampler` need.
///
/// Rows whose value was not seen at fit time (an all-zero one-hot) count in no category, as
/// `np.sum(data[:, st:ed], axis=0)` does.
public struct CategoryFrequencies: Sendable, Equatable {
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

/// A table encoded for a neural generator: `rowCount` x `width` Float32 values, row-major, laid out as the
/// transformer's ``TabularLayout`` says, with the category frequencies of every discrete span.
public struct EncodedTable: Sendable, Equatable {
    public let rowCount: Int
    public let width: Int
    /// Row i, encoded column j is `values[i * width + j]`.
    public var values: [Float]
    /// One entry per discrete span, in layout order.
    public let frequencies: [CategoryFrequencies]
}
