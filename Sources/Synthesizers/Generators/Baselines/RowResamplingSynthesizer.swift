import Logging
import SynthMath
import SynthTable

/// The baselines that hand back training rows. One engine, two rule sets (``Flavour``):
/// - `identity` (SDGym `DataIdentity`): the training table itself. SDGym ignores the requested count;
///   SynthBench returns the table when the count equals its rows and otherwise draws `count` rows with
///   replacement (seeded), logging that it did.
/// - `dummy_sampler` (SynthCity `DummySamplerPlugin`): each round returns a shuffled copy of all training
///   rows when there are at most `count` of them, else `count` rows drawn with replacement; SynthCity's
///   generation loop (``SynthCityGenerationLoop``) drops each round's duplicate rows and refills until
///   `count` rows are collected.
public final class RowResamplingSynthesizer: Synthesizer {
    public enum Flavour: String, Sendable, CaseIterable {
        case identity
        case dummySampler = "dummy_sampler"
    }

    public let flavour: Flavour
    public let samplingPatience: Int
    public let strict: Bool
    public private(set) var training: Table?

    public init(flavour: Flavour, samplingPatience: Int = 500, strict: Bool = true) {
        precondition(samplingPatience >= 1, "sampling_patience must be at least 1")
        self.flavour = flavour
        self.samplingPatience = samplingPatience
        self.strict = strict
    }

    public var fitNotes: [String: NoteValue] {
        switch flavour {
        case .identity:
            ["sampling": .string("returns the training rows; a different row count is drawn from them with replacement (seeded)")]
        case .dummySampler:
            ["sampling": .string("bootstrap of training rows (shuffled copy when n <= count, else with replacement); duplicate rows dropped per round and refilled, at most \(samplingPatience) rounds (strict=\(strict))")]
        }
    }

    public func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws {
        training = nil
        try context.checkCancellation()
        guard table.rowCount > 0 else { throw SynthesisError.invalidData("the table has no rows") }
        training = table
    }

    public func sample(count: Int, seed: UInt64, context: SynthesisContext) throws -> Table {
        guard let table = training else { throw SynthesisError.notFitted(method: flavour.rawValue) }
        guard count >= 0 else {
            throw SynthesisError.invalidParameter(method: flavour.rawValue, name: "count", value: String(count),
                                                  requirement: "must be at least 0")
        }
        let n = table.rowCount
        let root = RandomStream(seed: seed)
        switch flavour {
        case .identity:
            if count == n { return table }
            context.logger.notice("identity: \(count) rows requested from \(n) training rows; drawing them with replacement")
            var s = root.derived("rows")
            return table.selectingRows((0..<count).map { _ in s.nextInt(below: n) })
        case .dummySampler:
            return try SynthCityGenerationLoop(method: flavour.rawValue, samplingPatience: samplingPatience, strict: strict)
                .generate(count: count, stream: root, context: context) { want, stream in
                    if n <= want { return table.selectingRows(stream.permutation(n)) }
                    return table.selectingRows((0..<want).map { _ in stream.nextInt(below: n) })
                }
        }
    }
}
