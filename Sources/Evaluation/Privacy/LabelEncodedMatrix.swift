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
        var out = tables.map { Matrix(rows: $0.rowCount, cols: d) }
        for c in 0..<d {
            let isCategorical = !aligned.levels[c].isEmpty
            var sum = 0.0, count = 0
            for t in 0..<tables.count { for x in aligned.features[t][c] where !x.isNaN { sum += x; count += 1 } }
            let fill = isCategorical ? Double(aligned.levels[c].count) : (count > 0 ? sum / Double(count) : 0)
            let first = aligned.features[0][c]
            var shift = 0.0
            for x in first { shift += x.isNaN ? fill : x }
            shift = first.isEmpty || !centred ? 0 : shift / Double(first.count)
            for t in 0..<tables.count {
                for (i, x) in aligned.features[t][c].enumerated() { out[t][i, c] = (x.isNaN ? fill : x) - shift }
            }
        }
        matrices = out
    }
}
