import SynthTable

/// A column's non-missing values as text (``Column/text(at:)``), each distinct text once with its row
/// count, so that the PII scan checks a value once instead of once per row: on adult x30 (976,830 rows)
/// the per-row scan took longer than every other default metric together.
struct ColumnTextCounts {
    /// The distinct texts, in order of first appearance.
    let texts: [String]
    /// Rows holding each text.
    let counts: [Int]
    /// Non-missing rows.
    let present: Int
    /// Rows, missing ones included.
    let rows: Int

    init(_ column: Column) {
        rows = column.count
        // Rows are grouped by their stored value (a category code or the value's bits) first, and each
        // group's text is made from its first row; groups with equal text (NaNs of other bits) merge.
        var slotOfKey: [UInt64: Int] = [:]
        var firstRow: [Int] = [], slotCounts: [Int] = []
        let missing = column.missing
        func add(_ key: UInt64, _ row: Int) {
            if let s = slotOfKey[key] { slotCounts[s] += 1; return }
            slotOfKey[key] = firstRow.count
            firstRow.append(row)
            slotCounts.append(1)
        }
        switch column.values {
        case .categorical(let codes, let levels):
            // Codes index the levels: an array, not a hash, counts them.
            var slotOfCode = [Int](repeating: -1, count: levels.count)
            for i in 0..<rows where !missing[i] {
                let code = Int(codes[i])   // a present row's code names a level (Column's invariant)
                if slotOfCode[code] < 0 {
                    slotOfCode[code] = firstRow.count
                    firstRow.append(i)
                    slotCounts.append(0)
                }
                slotCounts[slotOfCode[code]] += 1
            }
        case .integer(let v):
            if !Self.groupDensely(rows: rows, missing: missing, key: { v[$0] }, firstRow: &firstRow, slotCounts: &slotCounts) {
                for i in 0..<rows where !missing[i] { add(UInt64(bitPattern: Int64(v[i])), i) }
            }
        case .numerical(let v), .datetime(let v, _):
            // Whole numbers (one stored value each: -0 and non-finite values are not keyed) group densely too.
            let whole: (Int) -> Int? = { i in
                let x = v[i]
                guard abs(x) < 0x1p52, x.rounded(.towardZero) == x, !(x == 0 && x.sign == .minus) else { return nil }
                return Int(x)
            }
            if !Self.groupDensely(rows: rows, missing: missing, key: whole, firstRow: &firstRow, slotCounts: &slotCounts) {
                for i in 0..<rows where !missing[i] { add(v[i].bitPattern, i) }
            }
        case .boolean(let v):
            for i in 0..<rows where !missing[i] { add(v[i] ? 1 : 0, i) }
        }
        var index: [String: Int] = [:]
        var texts: [String] = [], counts: [Int] = []
        for (slot, row) in firstRow.enumerated() {
            let text = column.text(at: row) ?? ""
            if let k = index[text] { counts[k] += slotCounts[slot]; continue }
            index[text] = texts.count
            texts.append(text)
            counts.append(slotCounts[slot])
        }
        self.texts = texts
        self.counts = counts
        present = counts.reduce(0, +)
    }

    /// Groups the present rows by an integer key through an array over the keys' range, as the hash map
    /// would (slots in order of first appearance), when every present row has a key and the range is at most
    /// 4 · rows + 65,536 wide; otherwise leaves `firstRow` and `slotCounts` empty and returns false. Adult's
    /// integer columns span at most a few million, and a hash lookup per row was most of the scan.
    private static func groupDensely(rows: Int, missing: [Bool], key: (Int) -> Int?, firstRow: inout [Int],
                                     slotCounts: inout [Int]) -> Bool {
        var lo = Int.max, hi = Int.min
        for i in 0..<rows where !missing[i] {
            guard let k = key(i) else { return false }
            lo = min(lo, k); hi = max(hi, k)
        }
        guard lo <= hi else { return true }   // nothing present
        let (width, overflow) = hi.subtractingReportingOverflow(lo)
        guard !overflow, width < 4 * rows + 65_536 else { return false }
        var slotOfKey = [Int32](repeating: -1, count: width + 1)
        for i in 0..<rows where !missing[i] {
            let k = key(i)! &- lo
            if slotOfKey[k] < 0 {
                slotOfKey[k] = Int32(firstRow.count)
                firstRow.append(i)
                slotCounts.append(0)
            }
            slotCounts[Int(slotOfKey[k])] += 1
        }
        return true
    }
}
