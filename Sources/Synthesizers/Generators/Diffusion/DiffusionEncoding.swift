import SynthMath
import SynthTable

/// A table as TabDDPM models it, and the way back: numerical columns through a
/// ``QuantileNormalTransformer``, categorical columns as category codes (sorted categories, missing last,
/// as sklearn's `LabelEncoder`), and the target as the class label when the model is conditional.
///
/// Which columns are categorical:
/// - `.synthcity` (the `ddpm` plugin): SynthCity's `discrete_columns` rule, at most 10 distinct values
///   (`synthcityDiscrete`); every other column is numerical, label-encoded first when SynthCity
///   label-encodes it (so adult's education, occupation and native-country are quantile-normalised codes,
///   read back by truncation as SynthCity's `astype(int)` does);
/// - `.sdtype` (the paper's datasets declare their categorical features): SDV sdtype `categorical` or
///   `boolean` is categorical, `numerical` and `datetime` numerical; integer columns come back rounded to
///   the nearest integer.
public struct DiffusionEncoding: Sendable {
    public enum ColumnRule: String, Sendable, CaseIterable {
        case synthcity, sdtype
    }

    enum Codec: Sendable {
        case numerical(QuantileNormalTransformer, ModeSpecificTransformer.ContinuousInput)
        case categorical(ColumnCategories)
    }

    struct EncodedColumn: Sendable {
        let shape: ColumnShape
        let codec: Codec
    }

    let columns: [EncodedColumn]
    /// The conditioning target's index in `columns` order of the table, its categories and their
    /// empirical frequencies.
    let target: (index: Int, shape: ColumnShape, categories: ColumnCategories, frequencies: [Double])?
    let columnNames: [String]
    public let rule: ColumnRule
    /// The encoded training rows.
    public let data: DiffusionData

    public var numericalWidth: Int { columns.filter { if case .numerical = $0.codec { true } else { false } }.count }
    public var classCounts: [Int] {
        columns.compactMap { if case .categorical(let c) = $0.codec { c.count } else { nil } }
    }
    public var labelClasses: Int { target?.categories.count ?? 0 }

    /// Fits the encoders to `table` and encodes it. `conditionOn` names the target column to condition on
    /// (removed from the modelled columns); the quantile transforms' subsamples draw from `stream`.
    public init(table: Table, metadata: Metadata, rule: ColumnRule, bounds: QuantileNormalTransformer.Bounds,
                conditionOn targetName: String?, stream: RandomStream) throws(SynthesisError) {
        guard table.columnCount > 0, table.rowCount > 0 else { throw .invalidData("the table has no rows or no columns") }
        let n = table.rowCount
        var columns: [EncodedColumn] = []
        var target: (Int, ColumnShape, ColumnCategories, [Double])? = nil
        var numerical: [[Double]] = [], codes: [[Int32]] = []
        var labels: [Int32]? = nil
        for (index, column) in table.columns.enumerated() {
            guard let meta = metadata[column: column.name] else {
                throw .invalidData("column '\(column.name)' has no metadata entry")
            }
            if column.name == targetName {
                let categories = ColumnCategories(column, order: .sorted)
                guard categories.count >= 2, categories.count <= 1000 else {
                    throw .invalidData("ddpm: target column '\(column.name)' has \(categories.count) classes; class conditioning (is_classification) needs 2 to 1000")
                }
                let c = categories.indices(of: column)
                var counts = [Double](repeating: 0, count: categories.count)
                for v in c { counts[Int(v)] += 1 }
                target = (index, ColumnShape(column), categories, counts.map { $0 / Double(n) })
                labels = c
                continue
            }
            let categorical: Bool
            switch rule {
            case .synthcity: categorical = meta.synthcityDiscrete
            case .sdtype:
                switch meta.sdtype {
                case .categorical, .boolean: categorical = true
                case .numerical, .datetime: categorical = false
                default:
                    throw .invalidData("column '\(column.name)' has SDV sdtype '\(meta.sdtype.rawValue)'; ddpm models numerical, datetime, categorical and boolean columns (drop keys and PII columns first)")
                }
            }
            if categorical {
                let categories = ColumnCategories(column, order: .sorted)
                columns.append(EncodedColumn(shape: ColumnShape(column), codec: .categorical(categories)))
                codes.append(categories.indices(of: column))
                continue
            }
            let input: ModeSpecificTransformer.ContinuousInput
            let values: [Double]
            if rule == .synthcity && meta.synthcityEncoding == .label {
                let categories = ColumnCategories(column, order: .sorted)
                input = .synthcityLabels(categories)
                values = categories.indices(of: column).map(Double.init)
            } else {
                guard column.kind == .numerical || column.kind == .integer || column.kind == .datetime else {
                    throw .invalidData("column '\(column.name)' holds \(column.kind.rawValue) values; ddpm's numerical part needs numbers or datetimes")
                }
                values = try ModeSpecificTransformer.synthcityNumbers(column)
                input = .synthcityNumbers(integer: column.kind == .integer)
            }
            var s = stream.derived(column.name)
            let transformer = try QuantileNormalTransformer(fitting: values, bounds: bounds, stream: &s)
            columns.append(EncodedColumn(shape: ColumnShape(column), codec: .numerical(transformer, input)))
            numerical.append(transformer.transform(values))
        }
        if let targetName, target == nil { throw .invalidData("ddpm: the target column '\(targetName)' is not in the table") }
        guard !columns.isEmpty else { throw .invalidData("ddpm: no column left to model besides the target") }
        self.columns = columns
        self.target = target
        columnNames = table.columnNames
        self.rule = rule
        var flatNumerical = [Float](repeating: 0, count: n * numerical.count)
        for (j, col) in numerical.enumerated() { for i in 0..<n { flatNumerical[i * numerical.count + j] = Float(col[i]) } }
        var flatCodes = [Int32](repeating: 0, count: n * codes.count)
        for (j, col) in codes.enumerated() { for i in 0..<n { flatCodes[i * codes.count + j] = col[i] } }
        data = DiffusionData(rows: n, numerical: flatNumerical, codes: flatCodes, labels: labels)
    }

    /// `count` class labels drawn from the target's empirical frequencies (SynthCity's
    /// `np.random.choice(labels, p=freq)`), or nil when unconditional.
    public func sampleLabels(count: Int, rng: inout RandomStream) throws(SynthesisError) -> [Int]? {
        guard let target else { return nil }
        var cumulative: [Double] = []
        var s = 0.0
        for f in target.frequencies { s += f; cumulative.append(s) }
        return (0..<count).map { _ in
            let u = rng.nextDouble() * s
            return cumulative.firstIndex { u < $0 } ?? cumulative.count - 1
        }
    }

    /// The table of generated rows, columns in the fitted table's order.
    public func decode(_ generated: DiffusionData) throws(SynthesisError) -> Table {
        let n = generated.rows, nw = numericalWidth, nc = classCounts.count
        var out: [Column] = []
        var numericalIndex = 0, categoricalIndex = 0
        var scratch = [Int32](repeating: 0, count: n)
        for column in columns {
            switch column.codec {
            case .numerical(let transformer, let input):
                let j = numericalIndex
                numericalIndex += 1
                var x = (0..<n).map { transformer.inverse(Double(generated.numerical[$0 * nw + j])) }
                if rule == .sdtype, case .synthcityNumbers(integer: true) = input { x = x.map { $0.rounded() } }
                var unused = RandomStream(seed: 0)
                out.append(ModeSpecificTransformer.reverse(x, input, shape: column.shape, codes: &scratch, stream: &unused))
            case .categorical(let categories):
                let j = categoricalIndex
                categoricalIndex += 1
                let codes = (0..<n).map { generated.codes[$0 * nc + j] }
                out.append(codes.withUnsafeBufferPointer { categories.column($0, shape: column.shape) })
            }
        }
        if let target {
            guard let labels = generated.labels else { throw .invalidData("ddpm: generated rows carry no class labels") }
            let column = labels.withUnsafeBufferPointer { target.categories.column($0, shape: target.shape) }
            out.insert(column, at: target.index)
        }
        do { return try Table(columns: out) } catch { throw .invalidData(error.description) }
    }

    /// What encoding decided, per column, for the fit notes.
    public var notes: [String: NoteValue] {
        var out: [String: NoteValue] = [:]
        for c in columns {
            switch c.codec {
            case .numerical(let t, _):
                out[c.shape.name] = .object(["encoding": .string("quantile_normal"),
                                             "quantiles": .number(Double(t.quantiles.count)),
                                             "bounds": .string(t.bounds.rawValue)])
            case .categorical(let categories):
                out[c.shape.name] = .object(["encoding": .string("multinomial"),
                                             "categories": .number(Double(categories.count))])
            }
        }
        if let target {
            out[target.shape.name] = .object(["encoding": .string("class_label"),
                                              "categories": .number(Double(target.categories.count))])
        }
        return out
    }
}
