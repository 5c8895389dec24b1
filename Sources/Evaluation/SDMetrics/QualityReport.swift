import SynthCore
import SynthMath
import SynthTable

/// SDMetrics' single-table QualityReport (0.27+, with the real-data thresholds): the overall score is
/// the mean of the properties that have a score (numpy.nanmean) of
///
/// - **Column Shapes**: per metadata column, KSComplement for sdtype numerical/datetime and TVComplement
///   for categorical/boolean (other sdtypes skipped); the property is the mean of the column scores
///   (NaN skipped);
/// - **Column Pair Trends**: per pair of such columns (itertools.combinations in metadata order),
///   CorrelationSimilarity for two continuous columns (on raw values, |r_real| > 0.5 to count) and
///   ContingencySimilarity otherwise (continuous columns binned, Cramér's V of the real table > 0.3 to
///   count); the property is the mean score over the pairs whose `Meets Threshold?` is true.
///
/// When either table has more than `subsampleRows` (50,000) rows, each ContingencySimilarity draws
/// `min(50,000, n)` rows without replacement from each table, as SDMetrics does — but from a
/// `RandomStream` seeded by `seed`, so the report is reproducible (SDMetrics' draw is unseeded,
/// SDV issue #2621). Bins are computed on the full columns before the draw, as in SDMetrics.
public struct QualityReport: Codable, Sendable, Equatable {
    public struct Options: Codable, Sendable, Equatable {
        /// |Pearson r| of the real pair a continuous pair needs to count (SDMetrics 0.5).
        public var realCorrelationThreshold: Double
        /// Cramér's V of the real pair a contingency pair needs to count (SDMetrics 0.3).
        public var realAssociationThreshold: Double
        /// Rows each ContingencySimilarity draws when a table is larger (SDMetrics 50,000); nil = never.
        @NullWhenAbsent public var subsampleRows: Int?
        public var seed: UInt64

        public init(realCorrelationThreshold: Double = 0.5, realAssociationThreshold: Double = 0.3,
                    subsampleRows: Int? = 50_000, seed: UInt64 = 0) {
            self.realCorrelationThreshold = realCorrelationThreshold
            self.realAssociationThreshold = realAssociationThreshold
            self.subsampleRows = subsampleRows
            self.seed = seed
        }

        enum CodingKeys: String, CodingKey {
            case realCorrelationThreshold = "real_correlation_threshold"
            case realAssociationThreshold = "real_association_threshold"
            case subsampleRows = "num_rows_subsample", seed
        }

        func validate() throws(EvaluationError) {
            for (name, t) in [("realCorrelationThreshold", realCorrelationThreshold),
                              ("realAssociationThreshold", realAssociationThreshold)] where !(t >= 0 && t <= 1) {
                throw .invalidOption(name: name, value: "\(t)", expected: "a number in [0, 1]")
            }
            if let n = subsampleRows, n <= 0 {
                throw .invalidOption(name: "subsampleRows", value: "\(n)", expected: "a positive row count or nil")
            }
        }
    }

    /// numpy.nanmean of the two property scores; nil when neither has one.
    public var score: Double?
    public var columnShapes: [ColumnScoreDetail]
    public var columnPairTrends: [ColumnPairDetail]
    public var columnShapesScore: Double?
    public var columnPairTrendsScore: Double?
    public var realRows: Int
    public var syntheticRows: Int
    public var options: Options

    public static let columnShapesName = "Column Shapes"
    public static let columnPairTrendsName = "Column Pair Trends"

    /// SDMetrics' `get_properties()`.
    public var properties: [PropertyScore] {
        [PropertyScore(property: Self.columnShapesName, score: columnShapesScore),
         PropertyScore(property: Self.columnPairTrendsName, score: columnPairTrendsScore)]
    }

    enum CodingKeys: String, CodingKey {
        case report, score, properties, columnShapes = "column_shapes", columnPairTrends = "column_pair_trends"
        case realRows = "num_rows_real_data", syntheticRows = "num_rows_synthetic_data", options = "settings"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("QualityReport", forKey: .report)
        try c.encodeNumber(score, forKey: .score)
        try c.encode(properties, forKey: .properties)
        try c.encode(columnShapes, forKey: .columnShapes)
        try c.encode(columnPairTrends, forKey: .columnPairTrends)
        try c.encode(realRows, forKey: .realRows)
        try c.encode(syntheticRows, forKey: .syntheticRows)
        try c.encode(options, forKey: .options)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        score = try c.decodeNumber(forKey: .score)
        columnShapes = try c.decode([ColumnScoreDetail].self, forKey: .columnShapes)
        columnPairTrends = try c.decode([ColumnPairDetail].self, forKey: .columnPairTrends)
        let props = try c.decode([PropertyScore].self, forKey: .properties)
        columnShapesScore = props.first { $0.property == Self.columnShapesName }?.score
        columnPairTrendsScore = props.first { $0.property == Self.columnPairTrendsName }?.score
        realRows = try c.decode(Int.self, forKey: .realRows)
        syntheticRows = try c.decode(Int.self, forKey: .syntheticRows)
        options = try c.decode(Options.self, forKey: .options)
    }

    /// Generates the report. Throws when a metadata column is missing from either table or a table has a
    /// column the metadata does not describe (SDMetrics' "metadata does not match the data"), or for
    /// invalid options; everything else a column or pair can fail on becomes a detail row with an error.
    public init(real: Table, synthetic: Table, metadata: Metadata, options: Options = Options()) throws(EvaluationError) {
        try options.validate()
        for c in metadata.columns {
            if real[c.name] == nil { throw .missingColumn(table: "real", column: c.name) }
            if synthetic[c.name] == nil { throw .missingColumn(table: "synthetic", column: c.name) }
        }
        for (label, t) in [("real", real), ("synthetic", synthetic)] {
            if let stray = t.columnNames.first(where: { metadata[column: $0] == nil }) {
                throw .columnNotInMetadata(table: label, column: stray)
            }
        }
        self.options = options
        realRows = real.rowCount
        syntheticRows = synthetic.rowCount
        let columns = metadata.columns.compactMap { m -> ReportColumn? in
            let continuous = SDVSdtype.continuous.contains(m.sdtype)
            guard continuous || SDVSdtype.discrete.contains(m.sdtype) else { return nil }
            return ReportColumn(name: m.name, real: real[m.name]!, synthetic: synthetic[m.name]!, continuous: continuous)
        }
        columnShapes = columns.map(Self.columnShape)
        columnPairTrends = Self.pairTrends(columns, realRows: real.rowCount, syntheticRows: synthetic.rowCount,
                                           options: options)
        columnShapesScore = nanMean(columnShapes.map { $0.score ?? .nan }).finiteOrNil
        columnPairTrendsScore = nanMean(columnPairTrends.filter { $0.meetsThreshold == true }.map { $0.score ?? .nan }).finiteOrNil
        score = nanMean([columnShapesScore ?? .nan, columnPairTrendsScore ?? .nan]).finiteOrNil
    }

    // MARK: Column Shapes

    static func columnShape(_ column: ReportColumn) -> ColumnScoreDetail {
        switch column.content {
        case .continuous(let c):
            guard let r = c.real, let s = c.synthetic else {
                return ColumnScoreDetail(column: column.name, metric: "KSComplement", score: nil,
                                         error: "TypeError: column '\(column.name)' holds text; KSComplement needs numbers")
            }
            let score = KSComplement.compute(real: r, synthetic: s, roundReal: c.realIsFloat, roundSynthetic: c.syntheticIsFloat)
            return ColumnScoreDetail(column: column.name, metric: "KSComplement", score: score.finiteOrNil)
        case .discrete(let d):
            let result = TVComplement.compute(d.categories)
            return ColumnScoreDetail(column: column.name, metric: "TVComplement", score: result.score.finiteOrNil,
                                     error: result.error)
        }
    }

    // MARK: Column Pair Trends

    static func pairTrends(_ columns: [ReportColumn], realRows: Int, syntheticRows: Int,
                           options: Options) -> [ColumnPairDetail] {
        var out: [ColumnPairDetail] = []
        out.reserveCapacity(columns.count * (columns.count - 1) / 2)
        var contingency = ContingencySimilarity()
        var sampler = PairSubsampler(realRows: realRows, syntheticRows: syntheticRows, limit: options.subsampleRows,
                                     seed: RandomStream(seed: options.seed).derivedSeed("sdmetrics.column_pair_trends"))
        for i in columns.indices {
            for j in (i + 1)..<columns.count {
                let a = columns[i], b = columns[j]
                if case .continuous(let x) = a.content, case .continuous(let y) = b.content {
                    out.append(correlationPair(a.name, x, b.name, y, threshold: options.realCorrelationThreshold))
                } else {
                    out.append(contingencyPair(a, b, threshold: options.realAssociationThreshold,
                                               contingency: &contingency, sampler: &sampler))
                }
            }
        }
        return out
    }

    static func correlationPair(_ nameX: String, _ x: ReportColumn.Continuous, _ nameY: String,
                                _ y: ReportColumn.Continuous, threshold: Double) -> ColumnPairDetail {
        let metric = "CorrelationSimilarity"
        // Only text makes a continuous pair fail before the metric; a discretisation failure (an infinite
        // value) concerns contingency pairs only, as in SDMetrics.
        guard let xr = x.real, let xs = x.synthetic, let yr = y.real, let ys = y.synthetic else {
            return ColumnPairDetail(column1: nameX, column2: nameY, metric: metric, score: nil, realCorrelation: nil,
                                    syntheticCorrelation: nil, realAssociation: nil, meetsThreshold: nil,
                                    error: x.failure ?? y.failure)
        }
        let b = CorrelationSimilarity.compute(real: (xr, yr), synthetic: (xs, ys),
                                              names: (nameX, nameY), threshold: threshold)
        return ColumnPairDetail(column1: nameX, column2: nameY, metric: metric, score: b.score.score.finiteOrNil,
                                realCorrelation: b.real.finiteOrNil, syntheticCorrelation: b.synthetic.finiteOrNil,
                                realAssociation: nil, meetsThreshold: b.meetsThreshold, error: b.score.error)
    }

    static func contingencyPair(_ a: ReportColumn, _ b: ReportColumn, threshold: Double,
                                contingency: inout ContingencySimilarity,
                                sampler: inout PairSubsampler) -> ColumnPairDetail {
        func codes(_ c: ReportColumn) -> (real: [Int32], synthetic: [Int32], levels: Int)? {
            switch c.content {
            case .continuous(let x):
                guard let r = x.realBins, let s = x.syntheticBins else { return nil }
                return (r, s, ReportColumn.binLevels)
            case .discrete(let d):
                return (d.realCodes, d.syntheticCodes, d.levels)
            }
        }
        func failure(_ c: ReportColumn) -> String? {
            if case .continuous(let x) = c.content { return x.failure }
            return nil
        }
        let metric = "ContingencySimilarity"
        guard let x = codes(a), let y = codes(b) else {
            return ColumnPairDetail(column1: a.name, column2: b.name, metric: metric, score: nil, realCorrelation: nil,
                                    syntheticCorrelation: nil, realAssociation: nil, meetsThreshold: nil,
                                    error: failure(a) ?? failure(b))
        }
        let rows = sampler.next()
        let r = contingency.compute(real: (x.real, y.real), synthetic: (x.synthetic, y.synthetic),
                                    levels: (x.levels, y.levels), rows: rows, threshold: threshold)
        return ColumnPairDetail(column1: a.name, column2: b.name, metric: metric, score: r.score.finiteOrNil,
                                realCorrelation: nil, syntheticCorrelation: nil,
                                realAssociation: r.realAssociation.finiteOrNil, meetsThreshold: r.meetsThreshold,
                                error: nil)
    }
}

/// The rows each ContingencySimilarity of the report counts: all rows, unless a table has more than
/// `limit` rows; then each table larger than `limit` contributes `limit` rows drawn without replacement
/// (a partial Fisher-Yates shuffle of a per-table index buffer, continued from pair to pair: each draw
/// is a uniform random subset whatever the buffer's order), and smaller tables all their rows (SDMetrics'
/// `sample(min(limit, n))` of a smaller table is a permutation, which counts the same).
struct PairSubsampler {
    let limit: Int?
    let active: Bool
    var rng: RandomStream
    var realOrder: [Int]
    var syntheticOrder: [Int]

    init(realRows: Int, syntheticRows: Int, limit: Int?, seed: UInt64) {
        self.limit = limit
        active = limit.map { max(realRows, syntheticRows) > $0 } ?? false
        rng = RandomStream(seed: seed)
        realOrder = active && realRows > limit! ? Array(0..<realRows) : []
        syntheticOrder = active && syntheticRows > limit! ? Array(0..<syntheticRows) : []
    }

    mutating func next() -> (real: [Int]?, synthetic: [Int]?) {
        guard active, let limit else { return (nil, nil) }
        return (Self.draw(&realOrder, limit, &rng), Self.draw(&syntheticOrder, limit, &rng))
    }

    static func draw(_ order: inout [Int], _ k: Int, _ rng: inout RandomStream) -> [Int]? {
        guard !order.isEmpty else { return nil }
        let n = order.count
        for a in 0..<k { order.swapAt(a, a + rng.nextInt(below: n - a)) }
        return Array(order[0..<k])
    }
}
