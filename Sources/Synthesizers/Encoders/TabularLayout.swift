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
