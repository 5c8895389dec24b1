import SynthMath
import SynthTable

/// The training ("original"), synthetic and control (hold-out) rows as Anonymeter's attacks read them: the
/// compared columns, numerical ones as numbers and every other one (categorical, boolean, datetime; pandas'
/// non-numeric dtypes) as category codes shared by the three tables; missing as NaN. Columns keep metadata
/// order. When the training table has more rows than the control table it is subsampled (seeded) to the
/// control's size, so that the attack and control rates are measured on samples of one size (Anonymeter
/// instead fits a size correction to the singling-out control count).
struct AnonymeterData {
    var names: [String]
    var numeric: [Bool]
    /// Per table (0 training, 1 synthetic, 2 control): column-major values.
    var tables: [[[Double]]]
    /// The tables as given to the neighbour attacks (aligned with `tables`).
    var sources: [Table]

    init(_ input: EvaluationInput, rng: inout RandomStream) throws {
        guard let control = input.holdout else {
            throw EvaluationError.unsupported(metric: "anonymeter", reason: "needs a hold-out (control) table")
        }
        let columns = input.comparedColumns
        var train = try input.comparedTable(input.real, "real")
        if train.rowCount > control.rowCount {
            train = train.selectingRows(Array(rng.permutation(train.rowCount).prefix(control.rowCount)).sorted())
        }
        let tables = [train, try input.comparedTable(input.synthetic, "synthetic"), try input.comparedTable(control, "hold-out")]
        names = columns.map(\.name)
        numeric = columns.map { $0.sdtype == .numerical }
        var out = [[[Double]]](repeating: [], count: 3)
        for (j, c) in columns.enumerated() {
            let cols = tables.map { $0[c.name]! }
            if numeric[j] {
                for t in 0..<3 { out[t].append(cols[t].numericValues() ?? [Double](repeating: .nan, count: cols[t].count)) }
            } else {
                let codes = SharedCategoryCodes(cols).codes
                for t in 0..<3 { out[t].append(codes[t].map { $0 < 0 ? .nan : Double($0) }) }
            }
        }
        self.tables = out
        sources = tables
    }

    func rows(_ t: Int) -> Int { tables[t].first?.count ?? 0 }

    /// Table `t` without repeated rows (Anonymeter's `drop_duplicates()`), first occurrences kept.
    func deduplicated(_ t: Int) -> [[Double]] {
        var seen = Set<[UInt64]>(), keep: [Int] = []
        for i in 0..<rows(t) {
            let key = tables[t].map { $0[i].isNaN ? UInt64.max : $0[i].bitPattern }
            if seen.insert(key).inserted { keep.append(i) }
        }
        return tables[t].map { c in keep.map { c[$0] } }
    }
}
