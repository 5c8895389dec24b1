import SynthMath
import SynthTable

/// SDMetrics' random baseline for `DCRBaselineProtection`: a table of `rows` rows drawn column by column,
/// independently of the real data's joint structure — integers uniform in [min, max], floats and datetimes
/// uniform on [min, max], categorical and boolean values uniform over the values observed in the real
/// column — then each value missing with the real column's missing share.
enum UniformBaseline {
    static func table(like real: Table, rows: Int, rng: inout RandomStream) throws -> Table {
        var columns: [Column] = []
        for column in real.columns {
            let present = (0..<column.count).filter { !column.missing[$0] }
            let missingShare = column.count > 0 ? Double(column.missingCount) / Double(column.count) : 0
            let values: ColumnValues
            switch column.values {
            case .numerical(let v):
                let (lo, hi) = bounds(present.map { v[$0] })
                values = .numerical((0..<rows).map { _ in rng.uniform(lo, hi) })
            case .datetime(let v, let format):
                let (lo, hi) = bounds(present.map { v[$0] })
                values = .datetime(seconds: (0..<rows).map { _ in rng.uniform(lo, hi) }, format: format)
            case .integer(let v):
                let (lo, hi) = bounds(present.map { Double(v[$0]) })
                let span = Int(hi - lo) + 1
                values = .integer((0..<rows).map { _ in Int(lo) + rng.nextInt(below: max(span, 1)) })
            case .boolean(let v):
                let observed = Array(Set(present.map { v[$0] })).sorted { !$0 && $1 }
                values = .boolean((0..<rows).map { _ in observed.isEmpty ? false : observed[rng.nextInt(below: observed.count)] })
            case .categorical(let codes, let levels):
                let observed = Array(Set(present.map { codes[$0] })).sorted()
                values = .categorical(codes: (0..<rows).map { _ in observed.isEmpty ? -1 : observed[rng.nextInt(below: observed.count)] },
                                      levels: levels)
            }
            let missing = (0..<rows).map { _ in present.isEmpty || rng.nextDouble() < missingShare }
            columns.append(Column(name: column.name, values: values, missing: missing))
        }
        return try Table(columns: columns)
    }

    static func bounds(_ v: [Double]) -> (Double, Double) {
        guard let lo = v.min(), let hi = v.max() else { return (0, 0) }
        return (lo, hi)
    }
}
