/// A table encoded for a neural generator: `rowCount` x `width` Float32 values, row-major, laid out as the
/// transformer's ``TabularLayout`` says, with the category frequencies of every discrete span.
public struct EncodedTable: Sendable, Equatable {
    public let rowCount: Int
    public let width: Int
    /// Row i, encoded column j is `values[i * width + j]`.
    public var values: [Float]
    /// One entry per discrete span, in layout order.
    public let frequencies: [DiscreteSpanFrequencies]
}

extension EncodedTable {
    /// The table of the rows `indices` (in that order), with the category frequencies recounted.
    func rows(_ indices: [Int]) -> EncodedTable {
        let w = width
        var values = [Float](repeating: 0, count: indices.count * w)
        self.values.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                for (i, r) in indices.enumerated() {
                    (dst.baseAddress! + i * w).update(from: src.baseAddress! + r * w, count: w)
                }
            }
        }
        let recounted = frequencies.map { f in
            var category = [Int32](repeating: -1, count: rowCount)
            for c in 0..<f.span.width { for r in f.rows(ofCategory: c) { category[r] = Int32(c) } }
            let picked = indices.map { category[$0] }
            return picked.withUnsafeBufferPointer {
                DiscreteSpanFrequencies(span: f.span, conditionOffset: f.conditionOffset, categories: $0)
            }
        }
        return EncodedTable(rowCount: indices.count, width: w, values: values, frequencies: recounted)
    }
}
