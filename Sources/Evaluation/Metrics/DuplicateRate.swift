import SynthTable

/// Share of synthetic rows that exactly copy a real row: `#{synthetic rows equal to some real row} /
/// #synthetic rows`. Rows are compared on the aligned encoding (``AlignedEncoding``: an integer 3 equals a
/// float 3.0 and a category equals the same label whatever its code), missing equals missing.
///
/// The distinct real rows go into an open-addressing table keyed by a 64-bit hash of the row's values; a
/// synthetic row counts as a copy only when it equals a stored row value for value, so a hash collision
/// never counts. The values are read from the tables' own columns (``RowValues``) rather than from an
/// encoded copy: on adult x30 the copy of both tables was 234 MB, the peak of the whole `generate` run,
/// and hashing rows as `[UInt64]` arrays allocated one array per row (0.9 CPU s).
public enum DuplicateRate {
    public static func compute(real: Table, synthetic: Table) throws(TableError) -> Double {
        guard synthetic.rowCount > 0 else { return .nan }
        let (r, s) = try RowValues.aligned(real, synthetic)
        let index = RowSet(r)
        let hashes = s.hashes()
        var copies = 0
        for i in 0..<s.rows where index.contains(s, row: i, hash: hashes[i]) { copies += 1 }
        return Double(copies) / Double(synthetic.rowCount)
    }

    /// A table's values as ``AlignedEncoding`` encodes them (numbers, 0/1, seconds, category codes of a
    /// dictionary shared with the other table; NaN when missing), read in place.
    struct RowValues {
        /// Per column: the column, and for a categorical one each level's shared code.
        let columns: [(column: Column, codes: [Double]?)]
        let rows: Int

        /// `a`'s columns in `a`'s order, and the same columns of `b`.
        static func aligned(_ a: Table, _ b: Table) throws(TableError) -> (RowValues, RowValues) {
            var left: [(Column, [Double]?)] = [], right: [(Column, [Double]?)] = []
            for name in a.columnNames {
                let pair = (try a.column(named: name), try b.column(named: name))
                var dictionary: [String: Double] = [:]
                func codes(_ c: Column) -> [Double]? {
                    c.categoricalCodes.map { cat in
                        cat.levels.map { level in
                            if let code = dictionary[level] { return code }
                            let code = Double(dictionary.count)
                            dictionary[level] = code
                            return code
                        }
                    }
                }
                left.append((pair.0, codes(pair.0)))
                right.append((pair.1, codes(pair.1)))
            }
            return (RowValues(columns: left, rows: a.rowCount), RowValues(columns: right, rows: b.rowCount))
        }

        /// Row `i`'s value in column `c`, canonical: NaN (missing) as one key, −0 as 0.
        @inline(__always) func key(_ c: Int, _ i: Int) -> UInt64 {
            let (column, codes) = columns[c]
            let x: Double
            switch column.values {
            case .categorical(let code, _): x = code[i] < 0 ? .nan : codes![Int(code[i])]
            case .numerical(let v), .datetime(let v, _): x = column.missing[i] ? .nan : v[i]
            case .integer(let v): x = column.missing[i] ? .nan : Double(v[i])
            case .boolean(let v): x = column.missing[i] ? .nan : (v[i] ? 1 : 0)
            }
            return Self.canonical(x)
        }

        @inline(__always) static func canonical(_ x: Double) -> UInt64 {
            x.isNaN ? UInt64.max : (x == 0 ? 0 : x.bitPattern)
        }

        /// A 64-bit hash of each row's keys (a multiply–xorshift step per column, then a final mix),
        /// computed column by column.
        func hashes() -> [UInt64] {
            var h = [UInt64](repeating: 0x9E37_79B9_7F4A_7C15, count: rows)
            @inline(__always) func mix(_ i: Int, _ key: UInt64) {
                var v = (h[i] ^ key) &* 0xFF51_AFD7_ED55_8CCD
                v ^= v >> 33
                h[i] = v
            }
            for (column, codes) in columns {
                let missing = column.missing
                switch column.values {
                case .categorical(let code, _):
                    for i in 0..<rows { mix(i, Self.canonical(code[i] < 0 ? .nan : codes![Int(code[i])])) }
                case .numerical(let v), .datetime(let v, _):
                    for i in 0..<rows { mix(i, missing[i] ? UInt64.max : Self.canonical(v[i])) }
                case .integer(let v):
                    for i in 0..<rows { mix(i, missing[i] ? UInt64.max : Self.canonical(Double(v[i]))) }
                case .boolean(let v):
                    for i in 0..<rows { mix(i, missing[i] ? UInt64.max : Self.canonical(v[i] ? 1 : 0)) }
                }
            }
            for i in 0..<rows {
                var v = h[i] &* 0xC4CE_B9FE_1A85_EC53
                v ^= v >> 33
                h[i] = v
            }
            return h
        }

        func equal(_ i: Int, _ other: RowValues, _ j: Int) -> Bool {
            for c in columns.indices where key(c, i) != other.key(c, j) { return false }
            return true
        }
    }

    /// The distinct rows of a table, for exact membership tests.
    struct RowSet {
        let values: RowValues
        let hashes: [UInt64]
        /// Row index + 1 per slot (0 = empty); a power-of-two count at least twice the rows.
        private var slots: [Int32]
        private let mask: Int

        init(_ values: RowValues) {
            self.values = values
            hashes = values.hashes()
            var capacity = 16
            while capacity < 2 * values.rows { capacity <<= 1 }
            slots = [Int32](repeating: 0, count: capacity)
            mask = capacity - 1
            for i in 0..<values.rows where !contains(values, row: i, hash: hashes[i]) {
                var s = Int(truncatingIfNeeded: hashes[i]) & mask
                while slots[s] != 0 { s = (s + 1) & mask }
                slots[s] = Int32(i + 1)
            }
        }

        /// Whether row `i` of `other` (the same columns) equals a stored row.
        func contains(_ other: RowValues, row i: Int, hash: UInt64) -> Bool {
            var s = Int(truncatingIfNeeded: hash) & mask
            while slots[s] != 0 {
                let r = Int(slots[s]) - 1
                if hashes[r] == hash && values.equal(r, other, i) { return true }
                s = (s + 1) & mask
            }
            return false
        }
    }
}
