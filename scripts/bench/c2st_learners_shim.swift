// For scripts/bench/c2st_learners.sh only: the two SynthMath / Evaluation names LogisticRegression uses, so it
// compiles alone. `solve` is Gaussian elimination with partial pivoting instead of SynthMath's LAPACK call; both
// revisions of a pair get the same one, and a 16 x 16 system per Newton step is a negligible part of a fit.
enum EvaluationError: Error { case unsupported(metric: String, reason: String) }

struct Matrix {
    var rows: Int, cols: Int, storage: [Double]
    init(rows: Int, cols: Int) { self.init(rows: rows, cols: cols, storage: [Double](repeating: 0, count: rows * cols)) }
    init(rows: Int, cols: Int, storage: [Double]) { self.rows = rows; self.cols = cols; self.storage = storage }

    func solve(_ b: Matrix) throws -> Matrix {
        var a = storage, x = b.storage
        let n = rows
        for k in 0..<n {
            let pivot = (k..<n).max { abs(a[$0 * n + k]) < abs(a[$1 * n + k]) }!
            for j in 0..<n { a.swapAt(k * n + j, pivot * n + j) }
            x.swapAt(k, pivot)
            for i in (k + 1)..<n {
                let f = a[i * n + k] / a[k * n + k]
                for j in k..<n { a[i * n + j] -= f * a[k * n + j] }
                x[i] -= f * x[k]
            }
        }
        for k in stride(from: n - 1, through: 0, by: -1) {
            for j in (k + 1)..<n { x[k] -= a[k * n + j] * x[j] }
            x[k] /= a[k * n + k]
        }
        return Matrix(rows: n, cols: 1, storage: x)
    }
}
