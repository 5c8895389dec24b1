import SynthMath
import SynthTable

/// CTGAN in either flavour: the mode-specific transformer of the backend, then the shared
/// ``ConditionalGAN`` with the flavour's ``ConditionalGANConfiguration``.
///
/// Fitting draws everything from `context.seed` (encoder, weights, batches); sampling from its own seed.
public final class CTGANSynthesizer: Synthesizer {
    public let configuration: ConditionalGANConfiguration
    public let backend: Backend
    /// The transformer's `max_clusters` (SynthCity `encoder_max_clusters`; CTGAN's fixed 10).
    public let maxClusters: Int
    private var encoding: NeuralEncoding?
    public private(set) var model: ConditionalGAN?

    public init(configuration: ConditionalGANConfiguration, backend: Backend, maxClusters: Int = 10) {
        self.configuration = configuration
        self.backend = backend
        self.maxClusters = maxClusters
    }

    public func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws {
        let root = RandomStream(seed: context.seed)
        context.progress(.stage("encode"))
        let encoding = try NeuralEncoding(table: table, metadata: metadata, backend: backend, maxClusters: maxClusters,
                                          stream: root.derived("encoder"))
        try context.checkCancellation()
        var initRNG = root.derived("weights")
        let model = ConditionalGAN(configuration: configuration, layout: encoding.transformer.layout, rng: &initRNG)
        context.progress(.stage("train"))
        var trainRNG = root.derived("training")
        try model.train(on: encoding.encoded, context: context, rng: &trainRNG)
        self.encoding = encoding
        self.model = model
    }

    public func sample(count: Int, seed: UInt64, context: SynthesisContext) throws -> Table {
        guard let encoding, let model else { throw SynthesisError.notFitted(method: "ctgan") }
        guard count >= 0 else { throw SynthesisError.invalidData("cannot sample \(count) rows") }
        let root = RandomStream(seed: seed)
        var rng = root.derived("generate")
        let values = model.generate(count: count, rng: &rng)
        try context.checkCancellation()
        return try encoding.decode(values, rowCount: count, sigmas: nil, stream: root.derived("decode"))
    }

    public var fitNotes: [String: NoteValue] {
        guard let encoding, let model else { return [:] }
        var notes = encoding.notes.merging(model.history.notes) { a, _ in a }
        let counts = model.parameterCounts
        notes["parameters_generator"] = .number(Double(counts.generator))
        notes["parameters_discriminator"] = .number(Double(counts.discriminator))
        notes["condition_vectors"] = .string("aligned: each real row carries the category its condition names")
        return notes
    }
}
