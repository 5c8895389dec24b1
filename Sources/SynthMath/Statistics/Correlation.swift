import Foundation

/// Pearson and Spearman correlation on pairwise-complete observations, the correlation matrix of a set of
/// columns (pandas DataFrame.corr semantics) and the Frobenius distance between two such matrices.
///
/// NaN policy (pandas): a pair (x_i, y_i) with a NaN on either side is left out. The coefficient is NaN
/// when it is undefined: fewer than 2 complete pairs, or either side constant over the complete pairs
/// (scipy returns NaN with a ConstantInputWarning there). Only mismatched lengths throw.
public enum Correlation {
    public enum Method: String, Sendable, Equatable, CaseIterable {
        case pearson, spearman
    }

    /// r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²) in two passes (means first), clamped to [−1, 1]
    /// (scipy.stats.pearsonr's statistic; pandas DataFrame.corr() for one pair).
    public static func pearson(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) throws -> Double {
        guard x.count == y.count else { throw StatisticsError.lengthMismatch("x", x.count, "y", y.count) }
        var n = 0
        var sx = 0.0, sy = 0.0
        var firstX = Double.nan, firstY = Double.nan
        var xVaries = false, yVaries = false
        for i in x.indices {
            let a = x[i], b = y[i]
            if a.isNaN || b.isNaN { continue }
            if n == 0 { firstX = a; firstY = b }
            if a != firstX { xVaries = true }
            if b != firstY { yVaries = true }
            n += 1
            sx += a; sy += b
        }
        guard n >= 2, xVaries, yVaries else { return .nan }
        let mx = sx / Double(n), my = sy / Double(n)
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for i in x.indices {
            let a = x[i], b = y[i]
            if a.isNaN || b.isNaN { continue }
            let dx = a - mx, dy = b - my
            sxx += dx * dx; syy += dy * dy; sxy += dx * dy
        }
        let r = sxy / (sxx * syy).squareRoot()
        return r.isNaN ? r : min(max(r, -1), 1)
    }

    public static func pearson(_ x: [Double], _ y: [Double]) throws -> Double {
        try x.withUnsafeBufferPointer { a in try y.withUnsafeBufferPointer { b in try pearson(a, b) } }
    }

    /// Spearman's ρ: Pearson's r of the average ranks (ties averaged) of the complete pairs
    /// (scipy.stats.spearmanr's statistic; pandas DataFrame.corr(method='spearman') for one pair).
    public static func spearman(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) throws -> Double {
        guard x.count == y.count else { throw StatisticsError.lengthMismatch("x", x.count, "y", y.count) }
        var xs: [Double] = [], ys: [Double] = []
        xs.reserveCapacity(x.count); ys.reserveCapacity(y.count)
        for i in x.indices where !x[i].isNaN && !y[i].isNaN { xs.append(x[i]); ys.append(y[i]) }
        return try pearson(Ranking.averageRanks(xs), Ranking.averageRanks(ys))
    }

    public static func spearman(_ x: [Double], _ y: [Double]) throws -> Double {
        try x.withUnsafeBufferPointer { a in try y.withUnsafeBufferPointer { b in try spearman(a, b) } }
    }

    public static func coefficient(_ x: [Double], _ y: [Double], method: Method) throws -> Double {
        switch method {
        case .pearson: try pearson(x, y)
        case .spearman: try spearman(x, y)
        }
    }

    /// The k x k correlation matrix of `columns` (all the same length) on pairwise-complete observations,
    /// as pandas DataFrame.corr(method): entry (i, j) is the coefficient of columns i and j over the rows
    /// where both are non-NaN, NaN when undefined. The diagonal is 1, or NaN for a column with fewer than
    /// 2 values or a constant one (as pandas computes it).
    public static func matrix(columns: [[Double]], method: Method = .pearson) throws -> Matrix {
        let k = columns.count
        let length = columns.first?.count ?? 0
        for (i, c) in columns.enumerated() where c.count != length {
            throw StatisticsError.lengthMismatch("column \(i)", c.count, "column 0", length)
        }
        let complete = columns.map { !$0.contains { $0.isNaN } }
        // Spearman correlates ranks; a NaN-free column's ranks serve every pair it is in.
        let values: [[Double]] = method == .spearman
            ? columns.enumerated().map { complete[$0] ? Ranking.averageRanks($1) : $1 } : columns
        var result = Matrix(rows: k, cols: k, repeating: .nan)
        var done = [Bool](repeating: false, count: k * k)
        // All pairs of NaN-free columns at once: r_ij = G_ij/√(G_ii G_jj) with G = ZᵀZ, Z the centred columns.
        let full = (0..<k).filter { complete[$0] }
        if full.count >= 2 && length >= 2 {
            let gram = centredGram(full.map { values[$0] }, length: length)
            for (a, i) in full.enumerated() {
                for (b, j) in full.enumerated() where b <= a {
                    let entry = gram.constant[a] || gram.constant[b] ? Double.nan
                        : (a == b ? 1 : min(max(gram.g[a, b] / (gram.g[a, a] * gram.g[b, b]).squareRoot(), -1), 1))
                    result[i, j] = entry; result[j, i] = entry
                    done[i * k + j] = true; done[j * k + i] = true
                }
            }
        }
        for i in 0..<k {
            for j in 0...i where !done[i * k + j] {
                let r: Double
                if method == .spearman && !(complete[i] && complete[j]) {
                    r = try spearman(columns[i], columns[j])
                } else {
                    r = try pearson(values[i], values[j])
                }
                // pandas divides the co-moment by itself on the diagonal: exactly 1 when defined.
                let entry = (i == j && !r.isNaN) ? 1 : r
                result[i, j] = entry
                result[j, i] = entry
            }
        }
        return result
    }

    /// G = ZᵀZ (dgemm) for the centred columns Z, and which columns are constant.
    static func centredGram(_ columns: [[Double]], length n: Int) -> (g: Matrix, constant: [Bool]) {
        let k = columns.count
        var z = Matrix(rows: n, cols: k)
        var constant = [Bool](repeating: false, count: k)
        z.storage.withUnsafeMutableBufferPointer { zs in
            for (c, column) in columns.enumerated() {
                column.withUnsafeBufferPointer { x in
                    var sum = 0.0
                    var varies = false
                    for v in x { sum += v; varies = varies || v != x[0] }
                    constant[c] = !varies
                    let mean = sum / Double(n)
                    for r in 0..<n { zs[r * k + c] = x[r] - mean }
                }
            }
        }
        return (Matrix.multiply(z, z, transposeA: true), constant)
    }

    /// What ``frobeniusDistance(_:_:nanEntries:)`` does with entries that are NaN in either matrix.
    public enum NaNEntries: Sendable, Equatable {
        /// Any NaN makes the distance NaN.
        case propagate
        /// Entries where either matrix is NaN are left out of the sum.
        case skip
    }

    /// ‖A − B‖_F = √(Σ_ij (a_ij − b_ij)²). Throws when the shapes differ.
    public static func frobeniusDistance(_ a: Matrix, _ b: Matrix, nanEntries: NaNEntries = .propagate) throws -> Double {
        guard a.rows == b.rows && a.cols == b.cols else {
            throw StatisticsError.invalidParameter("matrices", "shapes \(a.rows)x\(a.cols) and \(b.rows)x\(b.cols) differ")
        }
        var s = 0.0
        for i in a.storage.indices {
            let d = a.storage[i] - b.storage[i]
            if d.isNaN && nanEntries == .skip { continue }
            s += d * d
        }
        return s.squareRoot()
    }
}
