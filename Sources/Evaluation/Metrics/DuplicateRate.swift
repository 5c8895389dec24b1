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
        return Double(copies(r, s, hash: { $0.hashes() })) / Double(synthetic.rowCount)
    }

    /// How many rows of `s` equal a row of `r`, with rows hashed by `hash` (tests pass a constant hash so
    /// that every row collides and the exact fallbacks decide).
    static func copies(_ r: RowValues, _ s: RowValues, hash: (RowValues) -> [UInt64]) -> Int {
        let index = RowSet(r, hashes: hash(r))
        let hashes = hash(s)
        // Rows whose hash matches a stored row's, verified value for value in bulk; a failed candidate (a
        // 64-bit hash collision) falls back to the exact probe of every stored row with that hash.
        var candidates: [(row: Int, stored: Int)] = []
        for i in 0..<s.rows { if let r = index.firstWithHash(hashes[i]) { candidates.append((i, r)) } }
        let verified = index.values.equalPairs(candidates.map { ($0.stored, $0.row) }, s)
        var copies = 0
        for (k, pair) in candidates.enumerated() where verified[k] || index.contains(s, row: pair.row, hash: hashes[pair.row]) {
            copies += 1
        }
        return copies
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

        /// ``equal(_:_:_:)`` for many pairs (row of `self`, row of `other`), column by column: each column's
        /// storage is bound once for all pairs instead of once per pair and column (on adult x30, where
        /// every row has 29 twins, the per-pair reads were 1.8 CPU s of reference counting).
        func equalPairs(_ pairs: [(Int, Int)], _ other: RowValues) -> [Bool] {
            var equal = [Bool](repeating: true, count: pairs.count)
            for c in columns.indices {
                let a = keys(c, pairs.lazy.map(\.0)), b = other.keys(c, pairs.lazy.map(\.1))
                for k in pairs.indices where a[k] != b[k] { equal[k] = false }
            }
            return equal
        }

        /// ``key(_:_:)`` of column `c` at each of `rows`.
        func keys(_ c: Int, _ rows: some Collection<Int>) -> [UInt64] {
            let (column, codes) = columns[c]
            let missing = column.missing
            switch column.values {
            case .categorical(let code, _): return rows.map { code[$0] < 0 ? UInt64.max : Self.canonical(codes![Int(code[$0])]) }
            case .numerical(let v), .datetime(let v, _): return rows.map { missing[$0] ? UInt64.max : Self.canonical(v[$0]) }
            case .integer(let v): return rows.map { missing[$0] ? UInt64.max : Self.canonical(Double(v[$0])) }
            case .boolean(let v): return rows.map { missing[$0] ? UInt64.max : Self.canonical(v[$0] ? 1 : 0) }
            }
        }
    }

    /// The distinct rows of a table, for exact membership tests.
    struct RowSet {
        let values: RowValues
        let hashes: [UInt64]
        /// Row index + 1 per slot (0 = empty); a power-of-two count at least twice the rows.
        private var slots: [Int32]
        private let mask: Int

        init(_ values: RowValues, hashes: [UInt64]) {
            self.values = values
            self.hashes = hashes
            var capacity = 16
            while capacity < 2 * values.rows { capacity <<= 1 }
            slots = [Int32](repeating: 0, count: capacity)
            mask = capacity - 1
            // Rows whose hash is already stored are taken as twins of that row, then verified in bulk; if any
            // is not (a 64-bit hash collision), the table is rebuilt with every row compared on insertion.
            var twins: [(Int, Int)] = []
            for i in 0..<values.rows {
                if let r = firstWithHash(hashes[i]) { twins.append((r, i)); continue }
                insert(i)
            }
            if values.equalPairs(twins, values).contains(false) {
                slots = [Int32](repeating: 0, count: capacity)
                for i in 0..<values.rows where !contains(values, row: i, hash: hashes[i]) { insert(i) }
            }
        }

        private mutating func insert(_ i: Int) {
            var s = Int(truncatingIfNeeded: hashes[i]) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(i + 1)
        }

        /// The first stored row with hash `hash` in probe order, if any (not yet compared value for value).
        func firstWithHash(_ hash: UInt64) -> Int? {
            var s = Int(truncatingIfNeeded: hash) & mask
            while slots[s] != 0 {
                let r = Int(slots[s]) - 1
                if hashes[r] == hash { return r }
                s = (s + 1) & mask
            }
            return nil
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
