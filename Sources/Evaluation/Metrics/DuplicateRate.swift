import SynthTable

/// Share of synthetic rows that exactly copy a real row: `#{synthetic rows equal to some real row} /
/// #synthetic rows`. Rows are compared on the aligned encoding (so an integer 3 equals a float 3.0 and
/// a category equals the same label whatever its code), missing equals missing.
public enum DuplicateRate {
    public static func compute(real: Table, synthetic: Table) throws(TableError) -> Double {
        guard synthetic.rowCount > 0 else { return .nan }
        let enc = try AlignedEncoding([real, synthetic])
        var seen = Set<[UInt64]>(minimumCapacity: real.rowCount)
        for i in 0..<real.rowCount { seen.insert(enc.rowKey(table: 0, row: i)) }
        var copies = 0
        for i in 0..<synthetic.rowCount where seen.contains(enc.rowKey(table: 1, row: i)) { copies += 1 }
        return Double(copies) / Double(synthetic.rowCount)
    }
}
