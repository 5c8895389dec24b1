/// One block of columns of a matrix given as side-by-side blocks, `[X_1, X_2, ...]`: the input of a
/// layer that would otherwise be `concatColumns` of them (the residual networks of CTGAN and SynthCity
/// feed every layer `[h_k, ..., h_1, z, c]`).
public enum ColumnBlock {
    /// A `rows x width` matrix (it may carry a gradient).
    case dense(Tensor)
    /// A one-hot block (a constant).
    case oneHot(OneHotColumns)

    /// The number of rows.
    public var rows: Int {
        switch self {
        case .dense(let x): return x.rank == 2 ? x.rows : 1
        case .oneHot(let h): return h.rows
        }
    }

    /// The number of columns.
    public var width: Int {
        switch self {
        case .dense(let x): return x.rank == 2 ? x.cols : x.count
        case .oneHot(let h): return h.width
        }
    }

    /// True for a ``dense(_:)`` block.
    public var isDense: Bool {
        if case .dense = self { return true }
        return false
    }

    /// The block as a dense matrix (one-hot blocks materialised).
    public var matrix: Tensor {
        switch self {
        case .dense(let x): return x
        case .oneHot(let h): return h.matrix()
        }
    }
}

/// The blocks placed side by side as one matrix (recorded as the concatenation of tensors; a single
/// dense block is returned as it is).
public func concatColumns(_ blocks: [ColumnBlock]) -> Tensor {
    precondition(!blocks.isEmpty, "concatColumns of no blocks")
    if blocks.count == 1, case .dense(let x) = blocks[0] { return x }
    return concatColumns(blocks.map(\.matrix))
}
