import SynthMath
import SynthTable

/// SynthCity's `Plugin._safe_generate`: up to `samplingPatience` rounds, each drawing a batch of `count`
/// rows and, when `strict`, dropping the batch's duplicate rows (within the batch only, as pandas
/// `drop_duplicates` on each batch does); rounds stop once `count` rows are collected and the first
/// `count` are returned. SynthCity returns fewer rows when the patience runs out; SynthBench throws
/// instead, so that a short table never looks complete. Round r draws from `stream.derived("round:r")`.
struct SynthCityGenerationLoop {
    /// How many rows each round after the first draws.
    enum Refill {
        /// `count` again, as SynthCity does.
        case fullCount
        /// Only the rows still missing: the same distribution for a fraction of the work, for generators
        /// whose every row is expensive (`ddpm`'s reverse chain).
        case missingRows
    }

    var method: String
    var samplingPatience: Int
    var strict: Bool
    var refill: Refill = .fullCount

    func generate(count: Int, stream: RandomStream, context: SynthesisContext,
                  batch: (Int, inout RandomStream) throws -> Table) throws -> Table {
        var parts: [Table] = []
        var collected = 0
        for round in 0..<samplingPatience {
            try context.checkCancellation()
            var s = stream.derived("round:\(round)")
            var rows = try batch(refill == .missingRows && round > 0 ? count - collected : count, &s)
            if strict { rows = rows.selectingRows(TableRows.distinctRowIndices(rows)) }
            parts.append(rows)
            collected += rows.rowCount
            if collected >= count { break }
        }
        guard collected >= count else {
            throw SynthesisError.invalidData(
                "\(method): after sampling_patience=\(samplingPatience) rounds only \(collected) of \(count) rows survived the duplicate filter (SynthCity would return those \(collected) rows)")
        }
        return TableRows.head(Table.concatenating(parts), count)
    }
}
