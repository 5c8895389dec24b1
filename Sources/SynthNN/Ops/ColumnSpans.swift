/// Column spans for the span-wise operations, resolved against a row of `cols` columns: each span is one
/// categorical block (a one-hot group); a nil list means one span over all columns. Checked once (inside the
/// row, not empty, not overlapping); the columns outside every span pass through and are listed here.
struct ColumnSpans {
    let spans: [Range<Int>]
    let cols: Int
    /// The columns outside every span, ascending.
    let passThrough: [Int]
    /// The number of columns inside the spans.
    let coveredCount: Int

    init(_ spans: [Range<Int>]?, cols: Int) {
        let s = spans ?? [0..<cols]
        var covered = [Bool](repeating: false, count: cols)
        var count = 0
        for span in s {
            precondition(span.lowerBound >= 0 && span.upperBound <= cols && !span.isEmpty,
                         "column span \(span) outside \(cols) columns or empty")
            for c in span {
                precondition(!covered[c], "column spans overlap at column \(c)")
                covered[c] = true
            }
            count += span.count
        }
        self.spans = s
        self.cols = cols
        coveredCount = count
        passThrough = covered.indices.filter { !covered[$0] }
    }

    /// A `1 x cols` constant with 1 in the pass-through columns (nil when there are none).
    func passThroughMask() -> Tensor? {
        guard !passThrough.isEmpty else { return nil }
        var m = [Float](repeating: 0, count: cols)
        for c in passThrough { m[c] = 1 }
        return Tensor(m, shape: .matrix(1, cols))
    }
}

/// The spans of ``ColumnSpans`` after checking them.
func resolvedSpans(_ spans: [Range<Int>]?, cols: Int) -> [Range<Int>] { ColumnSpans(spans, cols: cols).spans }
