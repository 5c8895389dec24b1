import CBLAS

/// A dense, row-major matrix of `Double`.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    /// Row-major storage: element (i, j) is at `i * cols + j`.
    public var storage: [Double]

    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "negative matrix shape")
        self.rows = rows; self.cols = cols
        storage = Array(repeating: value, count: rows * cols)
    }

    public init(rows: Int, cols: Int, storage: [Double]) {
        precondition(storage.count == rows * cols, "storage has \(storage.count) elements, shape needs \(rows * cols)")
        self.rows = rows; self.cols = cols; self.storage = storage
    }

    /// A matrix from nested rows, which must all have the same length.
    public init(_ nested: [[Double]]) {
        let c = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == c }, "ragged rows")
        self.init(rows: nested.count, cols: c, storage: nested.flatMap { $0 })
    }

    /// The n x n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.storage[i * n + i] = 1 }
        return m
    }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i * cols + j] }
        set { storage[i * cols + j] = newValue }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(storage[(i * cols)..<((i + 1) * cols)]) }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { (0..<rows).map { storage[$0 * cols + j] } }

    /// The rows at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var storage = [Double]()
        storage.reserveCapacity(indices.count * cols)
        for i in indices { storage += self.storage[(i * cols)..<((i + 1) * cols)] }
        return Matrix(rows: indices.count, cols: cols, storage: storage)
    }

    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for i in 0..<rows { for j in 0..<cols { t.storage[j * rows + i] = storage[i * cols + j] } }
        return t
    }

    /// `op(a) * op(b)` through dgemm, where `op` transposes when asked (no copies).
    public static func multiply(_ a: Matrix, _ b: Matrix, transposeA ta: Bool = false,
                                transposeB tb: Bool = false) -> Matrix {
        let m = ta ? a.cols : a.rows, k = ta ? a.rows : a.cols
        let kb = tb ? b.cols : b.rows, n = tb ? b.rows : b.cols
        precondition(k == kb, "matmul inner dimensions differ: \(k) vs \(kb)")
        var c = Matrix(rows: m, cols: n)
        guard m > 0, n > 0 else { return c }
        if k == 0 { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), 1, pa.baseAddress, Int32(max(a.cols, 1)),
                                pb.baseAddress, Int32(max(b.cols, 1)), 0, pc.baseAddress, Int32(max(n, 1)))
                }
            }
        }
        return c
    }

    public static func * (a: Matrix, b: Matrix) -> Matrix { multiply(a, b) }
}
