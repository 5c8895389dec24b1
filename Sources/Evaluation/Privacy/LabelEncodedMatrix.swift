import SynthMath
import SynthTable

/// Several tables as row-major numeric matrices the way SynthCity's evaluators see them: numbers as they
/// are (datetimes in seconds, booleans 0/1), categories as codes of one dictionary shared by all tables
/// (SynthCity's `LabelEncoder` on the concatenation), no scaling. Missing categories get their own code;
/// a missing number becomes the column's mean over all tables. Every column is then shifted by the first
/// table's mean, which changes no distance and no density ratio but keeps dgemm's norm expansion precise
/// (`centred: false` keeps SynthCity's values as they are, for a network without biases, where a shift
/// changes the result).
struct LabelEncodedMatrix {
    let matrices: [Matrix]

    init(_ tables: [Table], columns: [ColumnMetadata], centred: Bool = true) throws {
        let selected = try tables.map { try $0.selectingColumns(columns.map(\.name)) }
        let aligned = try AlignedEncoding(selected)
        let d = columns.count
        var fills = [Double](repeating: 0, count: d), shifts = fills
        for c in 0..<d {
            let isCategorical = !aligned.levels[c].isEmpty
            var sum = 0.0, count = 0
            for t in 0..<tables.count { for x in aligned.features[t][c] where !x.isNaN { sum += x; count += 1 } }
            let fill = isCategorical ? Double(aligned.levels[c].count) : (count > 0 ? sum / Double(count) : 0)
            let first = aligned.features[0][c]
            var shift = 0.0
            for x in first { shift += x.isNaN ? fill : x }
            fills[c] = fill
            shifts[c] = first.isEmpty || !centred ? 0 : shift / Double(first.count)
        }
        // Into each matrix's storage through a pointer, 256 rows at a time so that a block's rows stay in cache
        // while every column is written into them (the same value per element as an element-wise subscript).
        matrices = tables.indices.map { t in
            var m = Matrix(rows: tables[t].rowCount, cols: d)
            let features = aligned.features[t], n = m.rows
            m.storage.withUnsafeMutableBufferPointer { o in
                for start in stride(from: 0, to: n, by: 256) {
                    let end = min(start + 256, n)
                    for c in 0..<d {
                        let fill = fills[c], shift = shifts[c]
                        features[c].withUnsafeBufferPointer { f in
                            for i in start..<end { o[i * d + c] = (f[i].isNaN ? fill : f[i]) - shift }
                        }
                    }
                }
            }
            return m
        }
    }
}
