/// Named columns of one length. Generators and metrics work on tables, never on CSV text.
public struct Table: Sendable, Equatable {
    public private(set) var columns: [Column]

    /// A table from columns that must all have the same length and distinct names.
    public init(columns: [Column]) throws(TableError) {
        if let first = columns.first {
            for c in columns where c.count != first.count {
                throw .lengthMismatch(column: c.name, rows: c.count, expected: first.count)
            }
        }
        var seen = Set<String>()
        for c in columns where !seen.insert(c.name).inserted { throw .duplicateColumn(c.name) }
        self.columns = columns
    }

    public var rowCount: Int { columns.first?.count ?? 0 }
    public var columnCount: Int { columns.count }
    public var columnNames: [String] { columns.map(\.name) }

    public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

    public func column(named name: String) throws(TableError) -> Column {
        guard let i = index(of: name) else { throw .unknownColumn(name, available: columnNames) }
        return columns[i]
    }

    public subscript(name: String) -> Column? { index(of: name).map { columns[$0] } }

    /// The rows at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> Table {
        // Lengths and names are unchanged, so this cannot fail.
        try! Table(columns: columns.map { $0.selecting(indices) })
    }

    /// The named columns, in the given order.
    public func selectingColumns(_ names: [String]) throws(TableError) -> Table {
        var out: [Column] = []
        for n in names { out.append(try column(named: n)) }
        return try Table(columns: out)
    }

    /// Replaces (same name) or appends a column of the right length.
    public mutating func setColumn(_ column: Column) throws(TableError) {
        if !columns.isEmpty, column.count != rowCount {
            throw .lengthMismatch(column: column.name, rows: column.count, expected: rowCount)
        }
        if let i = index(of: column.name) { columns[i] = column } else { columns.append(column) }
    }

    public mutating func removeColumn(named name: String) { columns.removeAll { $0.name == name } }
}

/// Errors building or addressing a ``Table``.
public enum TableError: Error, Equatable, CustomStringConvertible {
    case lengthMismatch(column: String, rows: Int, expected: Int)
    case duplicateColumn(String)
    case unknownColumn(String, available: [String])

    public var description: String {
        switch self {
        case .lengthMismatch(let c, let r, let e): "column '\(c)' has \(r) rows, expected \(e)"
        case .duplicateColumn(let c): "duplicate column name '\(c)'"
        case .unknownColumn(let c, let a): "no column '\(c)'; columns are: \(a.joined(separator: ", "))"
        }
    }
}
