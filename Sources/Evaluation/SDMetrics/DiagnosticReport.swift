import SynthCore
import SynthTable

/// SDMetrics' (0.32) single-table DiagnosticReport: the overall score is numpy.nanmean of
///
/// - **Data Validity**: per metadata column, in this order: numerical -> BoundaryAdherence; datetime ->
///   BoundaryAdherence, then DatetimeFormatAdherence when the column has a `datetime_format`;
///   categorical/boolean -> CategoryAdherence; id -> KeyUniqueness when it is the primary or an alternate
///   key, then RegexFormatAdherence when it has a `regex_format`; any other sdtype -> KeyUniqueness when
///   it is a key; other columns skipped. The property is the mean of all these rows' scores (NaN
///   skipped), so a datetime column with a format weighs twice;
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
        dataValidity = metadata.columns.flatMap { m in
            Self.validity(m, isKey: keys.contains(m.name), real: real[m.name], synthetic: synthetic[m.name])
        }
        let structure = TableStructure.compute(real: real, synthetic: synthetic)
        dataStructure = [TableScoreDetail(metric: "TableStructure", score: structure.finiteOrNil)]
        dataValidityScore = nanMean(dataValidity.map { $0.score ?? .nan }).finiteOrNil
        dataStructureScore = structure.finiteOrNil
        score = nanMean([dataValidityScore ?? .nan, dataStructureScore ?? .nan]).finiteOrNil
    }

    /// The metrics SDMetrics 0.32's DataValidity runs on a column (`_sdtype_to_metric`, with KeyUniqueness
    /// only for keys and the format metrics only for columns whose metadata gives the format).
    static func metrics(for m: ColumnMetadata, isKey: Bool) -> [String] {
        var out: [String]
        switch m.sdtype {
        case .numerical: out = ["BoundaryAdherence"]
        case .datetime: out = ["BoundaryAdherence", "DatetimeFormatAdherence"]
        case .categorical, .boolean: out = ["CategoryAdherence"]
        case .id: out = ["KeyUniqueness", "RegexFormatAdherence"]
        default: out = ["KeyUniqueness"]
        }
        return out.filter { metric in
            switch metric {
            case "KeyUniqueness": isKey
            case "DatetimeFormatAdherence": m.datetimeFormat != nil
            case "RegexFormatAdherence": m.regexFormat != nil
            default: true
            }
        }
    }

    /// The Data Validity rows of one column (none when the column is skipped).
    static func validity(_ m: ColumnMetadata, isKey: Bool, real: Column?, synthetic: Column?) -> [ColumnScoreDetail] {
        metrics(for: m, isKey: isKey).map { metric in
            guard let real, let synthetic else {
                return ColumnScoreDetail(column: m.name, metric: metric, score: nil, error: "KeyError: '\(m.name)'")
            }
            let score: Double
            switch metric {
            case "BoundaryAdherence":
                if m.sdtype == .datetime, let pattern = m.datetimeFormat {
                    // SDMetrics first converts both columns with the metadata's format; a column with a
                    // value that does not convert stays text and the comparison fails.
                    let format = DatetimeFormat(pattern)
                    guard let r = Self.nanoseconds(real, format), let s = Self.nanoseconds(synthetic, format) else {
                        return ColumnScoreDetail(column: m.name, metric: metric, score: nil,
                                                 error: "ValueError: Error converting column '\(m.name)' to timestamp: a value is not a date in '\(pattern)'")
                    }
                    score = BoundaryAdherence.compute(real: r, synthetic: s)
                    break
                }
                guard let r = real.numericValues(datetimeUnit: .nanoseconds),
                      let s = synthetic.numericValues(datetimeUnit: .nanoseconds) else {
                    return ColumnScoreDetail(column: m.name, metric: metric, score: nil,
                                             error: "TypeError: column '\(m.name)' holds text; BoundaryAdherence needs numbers")
                }
                score = BoundaryAdherence.compute(real: r, synthetic: s)
            case "CategoryAdherence":
                score = CategoryAdherence.compute(SharedCategoryCodes([real, synthetic]))
            case "KeyUniqueness":
                let codes = SharedCategoryCodes([synthetic])
                score = KeyUniqueness.compute(synthetic: codes.codes[0], levelCount: codes.levelCount)
            default:
                do {
                    score = metric == "DatetimeFormatAdherence"
                        ? try DatetimeFormatAdherence.compute(synthetic: synthetic, format: m.datetimeFormat!)
                        : try RegexFormatAdherence.compute(real: real, synthetic: synthetic, pattern: m.regexFormat!)
                } catch {
                    return ColumnScoreDetail(column: m.name, metric: metric, score: nil, error: "\(error)")
                }
            }
            return ColumnScoreDetail(column: m.name, metric: metric, score: score.finiteOrNil)
        }
    }

    /// The column read with `format` in nanoseconds (NaN for missing), nil when a value does not parse.
    static func nanoseconds(_ column: Column, _ format: DatetimeFormat) -> [Double]? {
        var out: [Double] = []
        out.reserveCapacity(column.count)
        for x in column.seconds(readingTextAs: format) {
            guard let x else { return nil }
            out.append(x.isNaN ? .nan : (x * 1e9).rounded())
        }
        return out
    }
}
