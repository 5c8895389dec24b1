import SynthTable

/// Row-level operations the baselines need: exact duplicate detection (pandas `drop_duplicates`, missing
/// equal to missing) and stacking tables with the same columns.
enum TableRows {
    /// The indices of the first occurrence of each distinct row, in row order.
    static func distinctRowIndices(_ table: Table) -> [Int] {
        let n = table.rowCount
        var hashes = [UInt64](repeating: 0xCBF2_9CE4_8422_2325, count: n)
        for column in table.columns {
            let missing = column.missing
            func mix(_ i: Int, _ v: UInt64) {
                var h = (hashes[i] ^ v) &* 0x100_0000_01B3
                h ^= h >> 29
                hashes[i] = h
            }
            switch column.values {
            case .numerical(let v), .datetime(let v, _):
                for i in 0..<n { mix(i, missing[i] ? 0x7FF8_DEAD : (v[i] == 0 ? 0 : v[i].bitPattern)) }
            case .integer(let v):
                for i in 0..<n { mix(i, missing[i] ? 0x7FF8_DEAD : UInt64(bitPattern: Int64(v[i]))) }
            case .categorical(let c, let levels):
                // Hash the level text so that equal categories hash equally whatever their codes.
                let levelHashes = levels.map { UInt64(truncatingIfNeeded: $0.hashValue) }
                for i in 0..<n { mix(i, missing[i] || c[i] < 0 ? 0x7FF8_DEAD : levelHashes[Int(c[i])]) }
            case .boolean(let v):
                for i in 0..<n { mix(i, missing[i] ? 0x7FF8_DEAD : (v[i] ? 1 : 2)) }
            }
        }
        var buckets: [UInt64: [Int]] = [:]
        var keep: [Int] = []
        for i in 0..<n {
            if let rows = buckets[hashes[i]] {
                if rows.contains(where: { rowsEqual(table, $0, i) }) { continue }
                buckets[hashes[i]]!.append(i)
            } else {
                buckets[hashes[i]] = [i]
            }
            keep.append(i)
        }
        return keep
    }

    static func rowsEqual(_ t: Table, _ a: Int, _ b: Int) -> Bool {
        for column in t.columns {
            let ma = column.missing[a], mb = column.missing[b]
            if ma != mb { return false }
            if ma { continue }
            switch column.values {
            case .numerical(let v), .datetime(let v, _): if v[a] != v[b] { return false }
            case .integer(let v): if v[a] != v[b] { return false }
            case .categorical(let c, let levels): if c[a] != c[b] && levels[Int(c[a])] != levels[Int(c[b])] { return false }
            case .boolean(let v): if v[a] != v[b] { return false }
            }
        }
        return true
    }

    /// The rows of `parts` one table after another (same column names and kinds; categorical levels are
    /// merged by text in order of first appearance).
    static func concatenate(_ parts: [Table]) -> Table {
        guard let first = parts.first else { return try! Table(columns: []) }
        if parts.count == 1 { return first }
        var columns: [Column] = []
        for (c, template) in first.columns.enumerated() {
            let pieces = parts.map { $0.columns[c] }
            let missing = pieces.flatMap(\.missing)
            switch template.values {
            case .numerical:
                columns.append(Column(name: template.name, values: .numerical(pieces.flatMap { p -> [Double] in
                    if case .numerical(let v) = p.values { return v }; preconditionFailure("kind mismatch") }), missing: missing))
            case .integer:
                columns.append(Column(name: template.name, values: .integer(pieces.flatMap { p -> [Int] in
                    if case .integer(let v) = p.values { return v }; preconditionFailure("kind mismatch") }), missing: missing))
            case .boolean:
                columns.append(Column(name: template.name, values: .boolean(pieces.flatMap { p -> [Bool] in
                    if case .boolean(let v) = p.values { return v }; preconditionFailure("kind mismatch") }), missing: missing))
            case .datetime(_, let format):
                columns.append(Column(name: template.name, values: .datetime(seconds: pieces.flatMap { p -> [Double] in
                    if case .datetime(let v, _) = p.values { return v }; preconditionFailure("kind mismatch") }, format: format),
                    missing: missing))
            case .categorical(_, let levels0):
                var levels = levels0
                var index = Dictionary(levels0.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
                var codes: [Int32] = []
                for p in pieces {
                    guard case .categorical(let pc, let pl) = p.values else { preconditionFailure("kind mismatch") }
                    if pl == levels0 { codes.append(contentsOf: pc); continue }
                    let map: [Int32] = pl.map { level in
                        if let k = index[level] { return k }
                        let k = Int32(levels.count); levels.append(level); index[level] = k; return k
                    }
                    codes.append(contentsOf: pc.map { $0 < 0 ? -1 : map[Int($0)] })
                }
                columns.append(Column(name: template.name, values: .categorical(codes: codes, levels: levels), missing: missing))
            }
        }
        return try! Table(columns: columns)
    }

    /// The first `count` rows.
    static func head(_ table: Table, _ count: Int) -> Table {
        count >= table.rowCount ? table : table.selectingRows(Array(0..<count))
    }
}
