import SynthTable

/// Row-level operations the baselines need: exact duplicate detection (pandas `drop_duplicates`, missing
/// equal to missing) and taking the first rows.
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


    /// The first `count` rows.
    static func head(_ table: Table, _ count: Int) -> Table {
        count >= table.rowCount ? table : table.selectingRows(Array(0..<count))
    }
}
