/// The shape of a ``Tensor``: a scalar, a vector of `count` elements, or a `rows x cols` matrix.
///
/// Storage is always row-major and contiguous. A vector is stored as one row (`rows == 1`), so in
/// broadcasting it behaves like a `1 x n` matrix, as a 1-D array does in NumPy and PyTorch; a scalar is
/// `1 x 1`.
public struct TensorShape: Hashable, Sendable, CustomStringConvertible {
    /// 0 (scalar), 1 (vector) or 2 (matrix).
    public let rank: Int
    public let rows: Int
    public let cols: Int

    @inlinable
    init(rank: Int, rows: Int, cols: Int) {
        self.rank = rank; self.rows = rows; self.cols = cols
    }

    /// A single number.
    public static let scalar = TensorShape(rank: 0, rows: 1, cols: 1)

    /// A 1-D shape of `count` elements.
    public static func vector(_ count: Int) -> TensorShape {
        precondition(count >= 0, "negative vector length \(count)")
        return TensorShape(rank: 1, rows: 1, cols: count)
    }

    /// A 2-D `rows x cols` shape.
    public static func matrix(_ rows: Int, _ cols: Int) -> TensorShape {
        precondition(rows >= 0 && cols >= 0, "negative matrix shape \(rows) x \(cols)")
        return TensorShape(rank: 2, rows: rows, cols: cols)
    }

    /// A shape from PyTorch-style dimensions: `[]`, `[n]` or `[r, c]`.
    public init(_ dimensions: [Int]) {
        switch dimensions.count {
        case 0: self = .scalar
        case 1: self = .vector(dimensions[0])
        case 2: self = .matrix(dimensions[0], dimensions[1])
        default: preconditionFailure("tensors have rank 0, 1 or 2; got dimensions \(dimensions)")
        }
    }

    /// Number of elements.
    @inlinable public var count: Int { rows * cols }

    /// The dimensions as PyTorch prints them: `[]`, `[n]` or `[r, c]`.
    public var dimensions: [Int] {
        switch rank {
        case 0: return []
        case 1: return [cols]
        default: return [rows, cols]
        }
    }

    public var description: String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }

    /// The NumPy broadcast of two shapes (each of rows and cols equal, or one of them 1), or nil.
    static func broadcast(_ a: TensorShape, _ b: TensorShape) -> TensorShape? {
        guard a.rows == b.rows || a.rows == 1 || b.rows == 1,
              a.cols == b.cols || a.cols == 1 || b.cols == 1 else { return nil }
        let rows = a.rows == 1 ? b.rows : a.rows
        let cols = a.cols == 1 ? b.cols : a.cols
        return TensorShape(rank: max(a.rank, b.rank), rows: rows, cols: cols)
    }
}
