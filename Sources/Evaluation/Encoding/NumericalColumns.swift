import SynthCore
import SynthTable

/// The numerical columns of an evaluation (metadata sdtype numerical or datetime, in metadata order)
/// as numbers with NaN for missing — datetimes in seconds — for the real and the synthetic table.
/// A column stored as categorical text is skipped with a reason, so that text never reaches a numeric
/// metric. A column missing from the synthetic table is an error.
struct NumericalColumns {
    struct Entry {
        var name: String
        var real: [Double]
        var synthetic: [Double]
    }

    var entries: [Entry] = []
    var skipped: [(column: String, reason: String)] = []

    init(_ input: EvaluationInput) throws(EvaluationError) {
        for m in input.columns(withSdtypes: SDVSdtype.continuous) {
            let (r, s) = try input.columnPair(m.name)
            guard let rv = r.numericValues(), let sv = s.numericValues() else {
                skipped.append((m.name, "stored as categorical text although its sdtype is \(m.sdtype.rawValue)"))
                continue
            }
            entries.append(Entry(name: m.name, real: rv, synthetic: sv))
        }
    }

    /// The shared instance of an evaluation.
    static func cached(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> NumericalColumns {
        try cache.value("numerical-columns") { try NumericalColumns(input) }
    }

    var skippedDetails: JSONValue {
        .array(skipped.map { ["column": .string($0.column), "reason": .string($0.reason)] })
    }
}
