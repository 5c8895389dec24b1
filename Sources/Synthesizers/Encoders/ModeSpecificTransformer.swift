import SynthMath
import SynthTable

/// The data transformer of the neural generators (CTGAN, TVAE): a table becomes a Float32 matrix of
/// mode-normalised continuous columns and one-hot discrete columns, described by a ``TabularLayout``, and a
/// generator's output matrix becomes a table again. Two flavours share the code:
///
/// `.sdv` (SDV's data processor, then CTGAN's `DataTransformer`):
/// - sdtype `numerical` (numerical or integer columns): RDT `FloatFormatter` as SDV configures it (mean
///   imputation of missing values, learned rounding, min/max clipping; ``FloatFormatter``), then the
///   ``ClusterBasedNormalizer`` (`.sdv`: ≤ 10 components, modes with weight > 0.005, sampled modes);
/// - sdtype `datetime`: ``UnixTimestampEncoder`` (seconds), then the normaliser;
/// - sdtype `categorical` / `boolean`: RDT `OneHotEncoder`: categories in order of first appearance, a
///   missing value as one more category at the end;
/// - other sdtypes (`id`, PII, `unknown`) are rejected: SDV generates them outside the model, and so do the
///   neural generators (``NeuralEncoding`` sets them aside with ``GeneratedColumns`` first).
/// CTGAN's `DataTransformer` emits no missing-value indicator (it keeps only `.normalized` and
/// `.component` of RDT's output), and under SDV no missing value reaches it: the data processor's
/// `FloatFormatter(missing_value_generation='random')` imputes the mean and, in reverse, blanks rows at the
/// fitted missing rate. This transformer does the same.
///
/// `.synthcity` (SynthCity's `DataLoader.encode()`, then `TabularEncoder`):
/// - columns the metadata marks `synthcityEncoding == .label` are label-encoded first (sorted distinct
///   values → 0..K−1, missing last); `.datetime` columns become numbers (seconds; SynthCity uses
///   nanoseconds, which only rescales); `.passthrough` columns stay numbers;
/// - columns with `synthcityDiscrete` (SynthCity's rule: at most 10 distinct encoded values) are one-hot
///   over their sorted values; every other column goes through the ``ClusterBasedNormalizer``
///   (`.synthcity`: 10 components, none pruned, argmax mode, reverse clipped to the training range). So
///   adult's label-encoded education, occupation and native-country are continuous columns.
/// - reverse casts integer-typed encoded columns (label codes, integer columns) with `astype(int)`, which
///   truncates toward zero, then label-decodes.
/// - a missing value in a continuous, non-label-encoded column is an error, as it is in SynthCity (sklearn's
///   mixture rejects NaN).
///
/// Randomness (SDV's sampled modes, regenerated missing values, TVAE's σ noise) flows from the stream
/// passed in; each column draws from its own stream derived by name.
public struct ModeSpecificTransformer: Sendable {
    public struct Options: Sendable, Equatable {
        /// `max_clusters` (CTGAN) / `max_clusters` / `n_components` (SynthCity).
        public var maxClusters = 10
        /// `weight_threshold` for pruning modes (`.sdv` only; SynthCity stores it without using it).
        public var weightThreshold = 0.005
        /// SDV `enforce_min_max_values` (numerical and datetime columns).
        public var enforceMinMaxValues = true
        /// SDV `enforce_rounding` (learned decimal places of numerical columns).
        public var enforceRounding = true

        public init(maxClusters: Int = 10, weightThreshold: Double = 0.005, enforceMinMaxValues: Bool = true,
                    enforceRounding: Bool = true) {
            self.maxClusters = maxClusters
            self.weightThreshold = weightThreshold
            self.enforceMinMaxValues = enforceMinMaxValues
            self.enforceRounding = enforceRounding
        }
    }

    /// How a continuous column's values become the numbers the mixture sees, and come back.
    enum ContinuousInput: Sendable {
        case sdvNumbers(FloatFormatter)
        case sdvTimestamps(UnixTimestampEncoder)
        /// SynthCity `LabelEncoder` codes.
        case synthcityLabels(ColumnCategories)
        /// Numbers (and datetimes as seconds) passed through; `integer` columns come back truncated.
        case synthcityNumbers(integer: Bool)
    }

    enum Codec: Sendable {
        case continuous(ClusterBasedNormalizer, ContinuousInput)
        case discrete(ColumnCategories)
    }

    struct EncodedColumn: Sendable {
        let shape: ColumnShape
        let codec: Codec
    }

    public let backend: Backend
    public let options: Options
    public let layout: TabularLayout
    let columns: [EncodedColumn]

    /// Fits the transformer to `table`, reading each column's treatment from `metadata` (see the type's
    /// documentation). The mixtures' k-means initialisations draw from `stream`. `cancellation` is checked before
    /// each column (a mixture fit on adult's continuous columns takes a noticeable part of a second).
    public init(fitting table: Table, metadata: Metadata, backend: Backend, options: Options = Options(),
                stream: inout RandomStream, cancellation: CancellationFlag? = nil) throws(SynthesisError) {
        guard table.columnCount > 0 else { throw .invalidData("the table has no columns") }
        guard table.rowCount > 0 else { throw .invalidData("the table has no rows") }
        guard options.maxClusters >= 1 else {
            throw .invalidParameter(method: "encoder", name: "max_clusters", value: "\(options.maxClusters)", requirement: "at least 1")
        }
        guard options.weightThreshold >= 0, options.weightThreshold < 1 else {
            throw .invalidParameter(method: "encoder", name: "weight_threshold", value: "\(options.weightThreshold)",
                                    requirement: "in [0, 1)")
        }
        let root = stream.split()
        var columns: [EncodedColumn] = []
        var spans: [TabularLayout.Span] = []
        for (index, column) in table.columns.enumerated() {
            if cancellation?.isCancelled == true { throw .cancelled }
            guard let meta = metadata[column: column.name] else {
                throw .invalidData("column '\(column.name)' has no metadata entry")
            }
            var columnStream = root.derived(column.name)
            let codec = try Self.fitCodec(column, meta, backend: backend, options: options, stream: &columnStream)
            let start = spans.last?.end ?? 0
            switch codec {
            case .continuous(let normalizer, _):
                spans.append(.init(start: start, width: 1, kind: .continuousValue, column: index))
                spans.append(.init(start: start + 1, width: normalizer.modeCount, kind: .mode, column: index))
            case .discrete(let categories):
                guard categories.count > 0 else { throw .invalidData("column '\(column.name)' has no values") }
                spans.append(.init(start: start, width: categories.count, kind: .discrete, column: index))
            }
            columns.append(EncodedColumn(shape: ColumnShape(column), codec: codec))
        }
        self.backend = backend
        self.options = options
        self.columns = columns
        layout = TabularLayout(columnNames: table.columnNames, spans: spans)
    }

    static func fitCodec(_ column: Column, _ meta: ColumnMetadata, backend: Backend, options: Options,
                         stream: inout RandomStream) throws(SynthesisError) -> Codec {
        switch backend {
        case .sdv:
            switch meta.sdtype {
            case .categorical, .boolean:
                return .discrete(ColumnCategories(column, order: .firstAppearance))
            case let sdtype where sdtype.carriesPII && !meta.pii:
                // SDV: `pii: false` opts a PII column back into modelling, as categorical.
                return .discrete(ColumnCategories(column, order: .firstAppearance))
            case .numerical:
                let formatter = try FloatFormatter(fitting: column, learnRoundingScheme: options.enforceRounding,
                                                   enforceMinMaxValues: options.enforceMinMaxValues)
                let values = try formatter.transform(column)
                return .continuous(try normalizer(values, column.name, backend, options, &stream), .sdvNumbers(formatter))
            case .datetime:
                let encoder = try UnixTimestampEncoder(fitting: column, enforceMinMaxValues: options.enforceMinMaxValues)
                let values = try encoder.transform(column)
                return .continuous(try normalizer(values, column.name, backend, options, &stream), .sdvTimestamps(encoder))
            default:
                throw .invalidData("column '\(column.name)' has SDV sdtype '\(meta.sdtype.rawValue)'; the CTGAN/TVAE encoder models numerical, datetime, categorical and boolean columns (SDV generates keys and PII columns outside the model: set them aside with GeneratedColumns first)")
            }
        case .synthcity:
            if meta.synthcityDiscrete {
                return .discrete(ColumnCategories(column, order: .sorted))
            }
            let input: ContinuousInput
            let values: [Double]
            switch meta.synthcityEncoding {
            case .label:
                let categories = ColumnCategories(column, order: .sorted)
                input = .synthcityLabels(categories)
                values = categories.indices(of: column).map(Double.init)
            case .datetime, .passthrough:
                guard column.kind == .numerical || column.kind == .integer || column.kind == .datetime else {
                    throw .invalidData("column '\(column.name)' holds \(column.kind.rawValue) values but its SynthCity encoding is '\(meta.synthcityEncoding.rawValue)'; only numbers and datetimes pass through unencoded (use 'label')")
                }
                values = try synthcityNumbers(column)
                input = .synthcityNumbers(integer: column.kind == .integer)
            }
            return .continuous(try normalizer(values, column.name, backend, options, &stream), input)
        }
    }

    /// A passed-through column's numbers; a missing value is an error, as in SynthCity. The error names the
    /// first missing value's row among the rows given to the encoder (the pipeline turns it into the file's
    /// line) and counts the column's missing values.
    static func synthcityNumbers(_ column: Column) throws(SynthesisError) -> [Double] {
        if let row = column.missing.firstIndex(of: true) {
            let count = column.missingCount
            throw .invalidValue(column: column.name, row: row, problem: "is missing (\(count) missing value\(count == 1 ? "" : "s") among the \(column.count) training rows); SynthCity's BayesianGMMEncoder cannot fit or encode missing values in a continuous column (sklearn rejects NaN); impute or drop them first")
        }
        let x = column.doubles()
        if let row = x.firstIndex(where: { !$0.isFinite }) {
            throw .invalidValue(column: column.name, row: row, problem: "holds \(x[row]); continuous values must be finite")
        }
        return x
    }

    static func normalizer(_ values: [Double], _ name: String, _ backend: Backend, _ options: Options,
                           _ stream: inout RandomStream) throws(SynthesisError) -> ClusterBasedNormalizer {
        do {
            return try ClusterBasedNormalizer(fitting: values, flavour: backend, maxClusters: options.maxClusters,
                                              weightThreshold: options.weightThreshold, stream: &stream)
        } catch {
            throw .invalidData("column '\(name)': \(error.description)")
        }
    }

    // MARK: Transform

    /// Encodes `table` (the fitted columns, by name, of the same kinds; extra columns are ignored): the
    /// matrix and the category frequencies of its discrete spans. Draws the `.sdv` modes from `stream`.
    public func transform(_ table: Table, stream: inout RandomStream) throws(SynthesisError) -> EncodedTable {
        let n = table.rowCount, width = layout.width
        let root = stream.split()
        var matrix = [Float](repeating: 0, count: n * width)
        var frequencies: [DiscreteSpanFrequencies] = []
        var conditionOffset = 0
        for (index, encoded) in columns.enumerated() {
            let name = encoded.shape.name
            guard let column = table[name] else { throw .invalidData("the table has no column '\(name)' to encode") }
            guard column.kind == encoded.shape.kind else {
                throw .invalidData("column '\(name)' holds \(column.kind.rawValue) values; the encoder was fitted on \(encoded.shape.kind.rawValue)")
            }
            let span = layout.spans(ofColumn: index)[0]
            switch encoded.codec {
            case .discrete(let categories):
                let codes = categories.indices(of: column)
                matrix.withUnsafeMutableBufferPointer { m in
                    for i in 0..<n where codes[i] >= 0 { m[i * width + span.start + Int(codes[i])] = 1 }
                }
                frequencies.append(codes.withUnsafeBufferPointer {
                    DiscreteSpanFrequencies(span: span, conditionOffset: conditionOffset, categories: $0)
                })
                conditionOffset += span.width
            case .continuous(let normalizer, let input):
                let values = try Self.numbers(column, input)
                var columnStream = root.derived(name)
                values.withUnsafeBufferPointer { v in
                    matrix.withUnsafeMutableBufferPointer { m in
                        normalizer.encode(v, into: m, rowStride: width, offset: span.start, stream: &columnStream)
                    }
                }
            }
        }
        return EncodedTable(rowCount: n, width: width, values: matrix, frequencies: frequencies)
    }

    /// The numbers a continuous column's mixture sees.
    static func numbers(_ column: Column, _ input: ContinuousInput) throws(SynthesisError) -> [Double] {
        switch input {
        case .sdvNumbers(let formatter): return try formatter.transform(column)
        case .sdvTimestamps(let encoder): return try encoder.transform(column)
        case .synthcityNumbers: return try synthcityNumbers(column)
        case .synthcityLabels(let categories):
            let codes = categories.indices(of: column)
            if let row = codes.firstIndex(of: -1) {
                throw .invalidData("column '\(column.name)' row \(row + 1) holds a value the label encoder did not see at fit (\(column.text(at: row) ?? "missing"))")
            }
            return codes.map(Double.init)
        }
    }

    // MARK: Inverse

    /// The table back from a generator's output (`rowCount` x ``TabularLayout/width`` values, row-major,
    /// after the output activations): each discrete span and mode span by its argmax (first on ties),
    /// each continuous scalar through its mode, then the column's reverse formatting (see the type's
    /// documentation). `sigmas`, when given (one per encoded column, as TVAE's sampling passes them), adds
    /// N(0, σ²) noise to each continuous scalar, σ read at the scalar's index. Draws from `stream`.
    public func inverse(_ values: UnsafeBufferPointer<Float>, rowCount n: Int, sigmas: UnsafeBufferPointer<Float>? = nil,
                        stream: inout RandomStream) throws(SynthesisError) -> Table {
        let width = layout.width
        guard n >= 0, values.count == n * width else {
            throw .invalidData("the encoded matrix has \(values.count) values; \(n) rows of width \(width) need \(n * width)")
        }
        if let sigmas, sigmas.count != width {
            throw .invalidData("sigmas has \(sigmas.count) entries; the encoded width is \(width)")
        }
        let root = stream.split()
        var decoded: [Column] = []
        var scratch = [Double](repeating: 0, count: n)
        var codes = [Int32](repeating: 0, count: n)
        for (index, encoded) in columns.enumerated() {
            let span = layout.spans(ofColumn: index)[0]
            var columnStream = root.derived(encoded.shape.name)
            switch encoded.codec {
            case .discrete(let categories):
                for i in 0..<n {
                    let row = values.baseAddress! + i * width + span.start
                    var best = 0
                    for j in 1..<span.width where row[j] > row[best] { best = j }
                    codes[i] = Int32(best)
                }
                decoded.append(codes.withUnsafeBufferPointer { categories.column($0, shape: encoded.shape) })
            case .continuous(let normalizer, let input):
                scratch.withUnsafeMutableBufferPointer { out in
                    normalizer.decode(values, rowCount: n, rowStride: width, offset: span.start,
                                      sigma: sigmas.map { $0[span.start] }, stream: &columnStream, into: out)
                }
                decoded.append(Self.reverse(scratch, input, shape: encoded.shape, codes: &codes, stream: &columnStream))
            }
        }
        do { return try Table(columns: decoded) } catch { throw .invalidData(error.description) }
    }

    public func inverse(_ values: [Float], rowCount: Int, sigmas: [Float]? = nil,
                        stream: inout RandomStream) throws(SynthesisError) -> Table {
        try values.withUnsafeBufferPointer { v throws(SynthesisError) in
            if let sigmas {
                return try sigmas.withUnsafeBufferPointer { s throws(SynthesisError) in
                    try inverse(v, rowCount: rowCount, sigmas: s, stream: &stream)
                }
            }
            return try inverse(v, rowCount: rowCount, sigmas: nil, stream: &stream)
        }
    }

    /// A continuous column from the mixture's values.
    static func reverse(_ x: [Double], _ input: ContinuousInput, shape: ColumnShape, codes: inout [Int32],
                        stream: inout RandomStream) -> Column {
        switch input {
        case .sdvNumbers(let formatter): return formatter.reverse(x, stream: &stream)
        case .sdvTimestamps(let encoder): return encoder.reverse(x, stream: &stream)
        case .synthcityLabels(let categories):
            // `astype(int)` truncates; the values are already clipped to the fitted code range.
            let top = Double(categories.count - 1)
            for i in x.indices { codes[i] = Int32(min(top, max(0, x[i])).rounded(.towardZero)) }
            return codes.withUnsafeBufferPointer { categories.column($0, shape: shape) }
        case .synthcityNumbers(let integer):
            let y = integer ? x.map { $0.rounded(.towardZero) } : x
            return shape.column(numbers: y, missing: [Bool](repeating: false, count: x.count))
        }
    }

    // MARK: Inspection

    /// The normaliser of a continuous column, nil for a discrete one.
    public func normalizer(forColumn name: String) -> ClusterBasedNormalizer? {
        guard let c = columns.first(where: { $0.shape.name == name }), case .continuous(let n, _) = c.codec else { return nil }
        return n
    }

    /// What fitting decided, per column: discrete (with its category count) or continuous (components,
    /// modes kept, iterations, whether the lower bound converged). For a synthesizer's `fitNotes`.
    public var notes: [String: NoteValue] {
        var out: [String: NoteValue] = [:]
        for c in columns {
            switch c.codec {
            case .discrete(let categories):
                out[c.shape.name] = .object(["encoding": .string("one_hot"), "categories": .number(Double(categories.count))])
            case .continuous(let n, _):
                out[c.shape.name] = .object([
                    "encoding": .string("bayesian_gmm"),
                    "components": .number(Double(n.mixture.componentCount)),
                    "modes": .number(Double(n.modeCount)),
                    "iterations": .number(Double(n.mixture.iterations)),
                    "converged": .string(n.mixture.converged ? "true" : "false"),
                ])
            }
        }
        return out
    }
}
