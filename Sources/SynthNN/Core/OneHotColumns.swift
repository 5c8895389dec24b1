/// A `rows x width` matrix with at most one 1 per row and zeros elsewhere, stored as the column index
/// of each row's 1 (`-1` for a row of zeros): a condition vector, or any categorical input, without the
/// zeros.
///
/// ``linear(_:weight:bias:activation:)`` over ``ColumnBlock``s reads such a block as a gather of weight
/// columns instead of a dense product.
public struct OneHotColumns: Sendable, Equatable {
    /// The number of columns.
    public let width: Int
    /// Per row, the column holding the 1, or -1 when the row is all zeros.
    public let indices: [Int32]

    /// - Precondition: every index is in `-1..<width` (a programmer error otherwise: the indices come from
    ///   the caller's own sampler, not from user input).
    public init(indices: [Int32], width: Int) {
        precondition(width > 0, "OneHotColumns needs a positive width, got \(width)")
        for (r, i) in indices.enumerated() {
            precondition(i >= -1 && Int(i) < width, "one-hot index \(i) of row \(r) outside -1..<\(width)")
        }
        self.width = width
        self.indices = indices
    }

    /// The number of rows.
    public var rows: Int { indices.count }

    /// The dense `rows x width` matrix (a constant: it carries no gradient).
    public func matrix() -> Tensor {
        let t = Tensor.zeros(.matrix(rows, width))
        let p = t.pointer
        for (r, i) in indices.enumerated() where i >= 0 { p[r * width + Int(i)] = 1 }
        return t
    }
}
