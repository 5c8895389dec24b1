import Foundation

/// What to do with a negative category code (SynthTable's code for a missing value).
public enum MissingCodePolicy: Sendable, Equatable {
    /// Leave the row out (for a table: leave out any pair with a missing side).
    case drop
    /// Count it as one more category after the real levels (pandas `dropna=False`, which SDMetrics'
    /// ContingencySimilarity uses).
    case asCategory
}

/// A two-way table of non-negative counts (row-major), built from two category-code columns or given
/// directly, with the chi-square test of independence and Cramér's V.
public struct ContingencyTable: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Row-major counts: cell (r, c) is at `r * columns + c`.
    public private(set) var counts: [Double]

    /// A table from row-major counts, which must be non-negative and finite.
    public init(rows: Int, columns: Int, counts: [Double]) throws {
        guard rows >= 1, columns >= 1 else {
            throw StatisticsError.invalidParameter("table shape", "\(rows) x \(columns) must have at least one row and one column")
        }
        guard counts.count == rows * columns else {
            throw StatisticsError.lengthMismatch("counts", counts.count, "rows x columns", rows * columns)
        }
        for (i, c) in counts.enumerated() {
            guard c >= 0 else { throw StatisticsError.negativeValue("counts", index: i) }
            guard c.isFinite else { throw StatisticsError.nonFiniteValue("counts", index: i) }
        }
        self.rows = rows
        self.columns = columns
        self.counts = counts
    }

    /// A table from nested rows (all the same length).
    public init(_ nested: [[Double]]) throws {
        let c = nested.first?.count ?? 0
        for (r, row) in nested.enumerated() where row.count != c {
            throw StatisticsError.lengthMismatch("row \(r)", row.count, "row 0", c)
        }
        try self.init(rows: nested.count, columns: c, counts: nested.flatMap { $0 })
    }

    /// The cross-tabulation of two code columns (pandas.crosstab on codes): `rowCodes[i]` in
    /// 0..<rowLevels, `columnCodes[i]` in 0..<columnLevels, negative = missing (handled by `missing`).
    /// Levels that never occur give all-zero rows or columns; see ``droppingEmptyLines()``.
    public init(rowCodes: UnsafeBufferPointer<Int32>, rowLevels: Int,
                columnCodes: UnsafeBufferPointer<Int32>, columnLevels: Int,
                missing: MissingCodePolicy = .drop) throws {
        guard rowCodes.count == columnCodes.count else {
            throw StatisticsError.lengthMismatch("row codes", rowCodes.count, "column codes", columnCodes.count)
        }
        guard rowLevels >= 1 else { throw StatisticsError.invalidParameter("rowLevels", "\(rowLevels) must be at least 1") }
        guard columnLevels >= 1 else { throw StatisticsError.invalidParameter("columnLevels", "\(columnLevels) must be at least 1") }
        let extra = missing == .asCategory ? 1 : 0
        let r = rowLevels + extra, c = columnLevels + extra
        var table = [Double](repeating: 0, count: r * c)
        try table.withUnsafeMutableBufferPointer { t in
            for i in 0..<rowCodes.count {
                var a = Int(rowCodes[i]), b = Int(columnCodes[i])
                guard a < rowLevels else {
                    throw StatisticsError.invalidParameter("row codes", "code \(a) at index \(i) is not below rowLevels \(rowLevels)")
                }
                guard b < columnLevels else {
                    throw StatisticsError.invalidParameter("column codes", "code \(b) at index \(i) is not below columnLevels \(columnLevels)")
                }
                if a < 0 || b < 0 {
                    if missing == .drop { continue }
                    if a < 0 { a = rowLevels }
                    if b < 0 { b = columnLevels }
                }
                t[a * c + b] += 1
            }
        }
        self.init(validatedRows: r, columns: c, counts: table)
    }

    /// For counts already known to be a valid table.
    private init(validatedRows rows: Int, columns: Int, counts: [Double]) {
        self.rows = rows
        self.columns = columns
        self.counts = counts
    }

    public init(rowCodes: [Int32], rowLevels: Int, columnCodes: [Int32], columnLevels: Int,
                missing: MissingCodePolicy = .drop) throws {
        self = try rowCodes.withUnsafeBufferPointer { a in
            try columnCodes.withUnsafeBufferPointer { b in
                try ContingencyTable(rowCodes: a, rowLevels: rowLevels, columnCodes: b, columnLevels: columnLevels,
                                     missing: missing)
            }
        }
    }

    public subscript(row: Int, column: Int) -> Double { counts[row * columns + column] }

    public var total: Double { counts.reduce(0, +) }

    public var rowSums: [Double] {
        (0..<rows).map { r in (0..<columns).reduce(0.0) { $0 + counts[r * columns + $1] } }
    }

    public var columnSums: [Double] {
        (0..<columns).map { c in (0..<rows).reduce(0.0) { $0 + counts[$1 * columns + c] } }
    }

    /// Expected counts under independence, E_rc = R_r·C_c/N (scipy.stats.contingency.expected_freq).
    public var expectedFrequencies: [Double] {
        let r = rowSums, c = columnSums, n = total
        var e = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows { for j in 0..<columns { e[i * columns + j] = r[i] * c[j] / n } }
        return e
    }

    /// The table without its all-zero rows and columns: what pandas.crosstab of the observed values gives,
    /// and so what SDMetrics hands scipy.
    public func droppingEmptyLines() -> ContingencyTable {
        let rowTotals = rowSums, columnTotals = columnSums
        let keepRows = rowTotals.indices.filter { rowTotals[$0] > 0 }
        let keepColumns = columnTotals.indices.filter { columnTotals[$0] > 0 }
        var out: [Double] = []
        out.reserveCapacity(keepRows.count * keepColumns.count)
        for r in keepRows { for c in keepColumns { out.append(counts[r * columns + c]) } }
        // Shape may be 0 x k for an empty table; keep a 1 x 1 zero table then so the type stays valid.
        if keepRows.isEmpty || keepColumns.isEmpty { return ContingencyTable(validatedRows: 1, columns: 1, counts: [0]) }
        return ContingencyTable(validatedRows: keepRows.count, columns: keepColumns.count, counts: out)
    }

    // MARK: Association

    /// Cramér's V without bias correction: √(χ²/(N·(min(r, c) − 1))) with the uncorrected Pearson χ²
    /// (scipy.stats.contingency.association(table, method='cramer')), computed on the table without
    /// its all-zero rows and columns. NaN when fewer than two rows or two columns remain (scipy raises
    /// there; SDMetrics records NaN). Throws ``StatisticsError/emptySample(_:)`` for an all-zero table.
    public func cramersV() throws -> Double {
        let t = droppingEmptyLines()
        guard t.total > 0 else { throw StatisticsError.emptySample("contingency table") }
        guard t.rows >= 2, t.columns >= 2 else { return .nan }
        let chi2 = try ChiSquare.independence(t, yatesCorrection: false).statistic
        let phi2 = chi2 / t.total
        return (phi2 / Double(min(t.rows, t.columns) - 1)).squareRoot()
    }
}
