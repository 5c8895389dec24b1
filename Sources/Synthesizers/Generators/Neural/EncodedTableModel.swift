import SynthMath
import SynthNN

/// A neural generator that learns from the mode-specific encoding of a table (CTGAN's conditional GAN,
/// TVAE's autoencoder). ``NeuralSynthesizer`` does the encoding, seeding and decoding around it.
public protocol EncodedTableModel: AnyObject {
    associatedtype Configuration
    /// The method name used in errors (`ctgan`, `tvae`).
    static var methodName: String { get }
    init(configuration: Configuration, layout: TabularLayout, rng: inout RandomStream)
    func train(on data: EncodedTable, context: SynthesisContext, rng: inout RandomStream) throws
    /// Raw generator outputs, row-major, and (for models with learned output noise) one sigma per encoded
    /// column for the decoder.
    func generateEncoded(count: Int, rng: inout RandomStream) -> (values: [Float], sigmas: [Float]?)
    /// Per-epoch losses and model facts for the result's fit notes.
    var modelNotes: [String: NoteValue] { get }
    /// What a private training run spent; nil for a non-private model.
    var privacyReport: PrivacyReport? { get }
}

/// An ``EncodedTableModel`` that can train by federated averaging (``FederatedAveraging``): CTGAN's
/// conditional GAN (ctgan, dpgan, dp-ctgan, adsgan) and TVAE; not PATE-GAN.
public protocol FederatedModel: EncodedTableModel {
    /// The last training run's per-epoch record.
    var history: TrainingHistory { get }
    /// Every parameter and buffer in a stable order: the state federated averaging averages.
    var federatedState: [Tensor] { get }
    /// Builds the condition sampler over `data` (restricted to `trainingRows` when given) without training:
    /// a federated server samples with the pooled category frequencies.
    func prepareSampler(on data: EncodedTable, trainingRows: [Int]?) throws
    /// Set for a federated client: each training run is one round of ``FederationPlan/localEpochs(_:)``
    /// epochs; under DP the noise covers all rounds, the accountant carries across them and delta resolves
    /// on the whole table.
    var federationPlan: FederationPlan? { get set }
}

extension EncodedTableModel {
    public var privacyReport: PrivacyReport? { nil }
}

extension ConditionalGAN: FederatedModel {
    public static var methodName: String { "ctgan" }

    public func generateEncoded(count: Int, rng: inout RandomStream) -> (values: [Float], sigmas: [Float]?) {
        (generate(count: count, rng: &rng), nil)
    }

    public var modelNotes: [String: NoteValue] {
        var notes = history.notes
        notes["parameters_generator"] = .number(Double(parameterCounts.generator))
        notes["parameters_discriminator"] = .number(Double(parameterCounts.discriminator))
        notes["condition_vectors"] = .string("aligned: each real row carries the category its condition names")
        return notes
    }

    public var federatedState: [Tensor] {
        generator.parameters() + generator.buffers() + discriminator.parameters() + discriminator.buffers()
    }
}

extension TabularVAE: FederatedModel {
    public static var methodName: String { "tvae" }

    public func generateEncoded(count: Int, rng: inout RandomStream) -> (values: [Float], sigmas: [Float]?) {
        generate(count: count, rng: &rng)
    }

    public var modelNotes: [String: NoteValue] {
        var notes = history.notes
        notes["parameters"] = .number(Double(parameterCount))
        return notes
    }

    public var federatedState: [Tensor] { parameters + modules.flatMap { $0.buffers() } }
}
