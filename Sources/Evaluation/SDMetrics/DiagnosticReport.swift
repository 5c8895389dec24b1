import SynthTable

/// SDMetrics' single-table DiagnosticReport: the overall score is numpy.nanmean of
///
/// - **Data Validity**: per metadata column, BoundaryAdherence for sdtype numerical/datetime,
///   CategoryAdherence for categorical/boolean, KeyUniqueness for the primary key and alternate keys
///   whose sdtype is none of those (normally `id`); other columns skipped; the property is the mean of
///   the column scores (NaN skipped);
/// - **Data Structure**: TableStructure, the Jaccard index of the tables' (column, dtype) pairs.
///
/// Like SDMetrics (whose DiagnosticReport skips the metadata-matches-data check) a metadata column
/// missing from a table is an error row ("KeyError"), not a failure of the report; TableStructure
/// counts the difference.
public struct DiagnosticReport: Codable, Sendable, Equatable {
    /// numpy.nanmean of the two property scores; nil when neither has one.
    public var score: Double?
    public var dataValidity: [ColumnScoreDetail]
    public var dataStructure: [TableScoreDetail]
    public var dataValidityScore: Double?
    public var dataStructureScore: Double?
    public var realRows: Int
    public var syntheticRows: Int

    public static let dataValidityName = "Data Validity"
    public static let dataStructureName = "Data Structure"

    /// SDMetrics' `get_properties()`.
    public var properties: [PropertyScore] {
        [PropertyScore(property: Self.dataValidityName, score: dataValidityScore),
         PropertyScore(property: Self.dataStructureName, score: dataStructureScore)]
    }

    enum CodingKeys: String, CodingKey {
        case report, score, properties, dataValidity = "data_validity", dataStructure = "data_structure"
        case realRows = "num_rows_real_data", syntheticRows = "num_rows_synthetic_data"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("DiagnosticReport", forKey: .report)
        try c.encodeNumber(score, forKey: .score)
        try c.encode(properties, forKey: .properties)
        try c.encode(dataValidity, forKey: .dataValidity)
        try c.encode(dataStructure, forKey: .dataStructure)
        try c.encode(realRows, forKey: .realRows)
        try c.encode(syntheticRows, forKey: .syntheticRows)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        score = try c.decodeNumber(forKey: .score)
        dataValidity = try c.decode([ColumnScoreDetail].self, forKey: .dataValidity)
        dataStructure = try c.decode([TableScoreDetail].self, forKey: .dataStructure)
        let props = try c.decode([PropertyScore].self, forKey: .properties)
        dataValidityScore = props.first { $0.property == Self.dataValidityName }?.score
        dataStructureScore = props.first { $0.property == Self.dataStructureName }?.score
        realRows = try c.decode(Int.self, forKey: .realRows)
        syntheticRows = try c.decode(Int.self, forKey: .syntheticRows)
    }

    public init(real: Table, synthetic: Table, metadata: Metadata) {
        realRows = real.rowCount
        syntheticRows = synthetic.rowCount
        let keys = Set([metadata.primaryKey].compactMap { $0} + metadata.alternateKeys)
        dataValidity = metadata.columns.compactMap { m in
            Self.validity(m, isKey: keys.contains(m.name), real: real[m.name], synthetic: synthetic[m.name])
        }
        let structure = TableStructure.compute(real: real, synthetic: synthetic)
        dataStructure = [TableScoreDetail(metric: "TableStructure", score: structure.finiteOrNil)]
        dataValidityScore = nanMean(dataValidity.map { $0.score ?? .nan }).finiteOrNil
        dataStructureScore = structure.finiteOrNil
        score = nanMean([dataValidityScore ?? .nan, dataStructureScore ?? .nan]).finiteOrNil
    }

    /// The Data Validity row of one column, nil when the column is skipped.
    static func validity(_ m: ColumnMetadata, isKey: Bool, real: Column?, synthetic: Column?) -> ColumnScoreDetail? {
        let metric: String
        if SDVSdtype.continuous.contains(m.sdtype) { metric = "BoundaryAdherence" }
        else if SDVSdtype.discrete.contains(m.sdtype) { metric = "CategoryAdherence" }
        else if isKey { metric = "KeyUniqueness" }
        else { return nil }
        guard let real, let synthetic else {
            return ColumnScoreDetail(column: m.name, metric: metric, score: nil, error: "KeyError: '\(m.name)'")
        }
        let score: Double
        switch metric {
        case "BoundaryAdherence":
            guard let r = real.numericValues(datetimeUnit: .nanoseconds),
                  let s = synthetic.numericValues(datetimeUnit: .nanoseconds) else {
                return ColumnScoreDetail(column: m.name, metric: metric, score: nil,
                                         error: "TypeError: column '\(m.name)' holds text; BoundaryAdherence needs numbers")
            }
            score = BoundaryAdherence.compute(real: r, synthetic: s)
        case "CategoryAdherence":
            score = CategoryAdherence.compute(SharedCategoryCodes([real, synthetic]))
        default:
            let codes = SharedCategoryCodes([synthetic])
            score = KeyUniqueness.compute(synthetic: codes.codes[0], levelCount: codes.levelCount)
        }
        return ColumnScoreDetail(column: m.name, metric: metric, score: score.finiteOrNil)
    }
}
