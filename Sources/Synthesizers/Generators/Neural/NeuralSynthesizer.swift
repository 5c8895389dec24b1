import SynthMath
import SynthTable

/// CTGAN or TVAE in either flavour: the backend's mode-specific transformer, then the shared model with
/// the flavour's configuration.
///
/// Fitting draws everything from `context.seed` (encoder, weights, batches); sampling from its own seed.
public final class NeuralSynthesizer<Model: EncodedTableModel>: Synthesizer {
    public let configuration: Model.Configuration
    public let backend: Backend
    /// The transformer's `max_clusters` (SynthCity `encoder_max_clusters` / `data_encoder_max_clusters`;
    /// SDV's fixed 10).
    public let maxClusters: Int
    private var encoding: NeuralEncoding?
    public private(set) var model: Model?
    /// Train by federated averaging instead of on the whole table (nil: centralised).
    public var federation: FederatedRequest?
    private var federatedRecord: FederatedRecord?

    public init(configuration: Model.Configuration, backend: Backend, maxClusters: Int = 10) {
        self.configuration = configuration
        self.backend = backend
        self.maxClusters = maxClusters
    }

    public func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws {
        let root = RandomStream(seed: context.seed)
        context.progress(.stage("encode"))
        let encoding = try NeuralEncoding(table: table, metadata: metadata, backend: backend, maxClusters: maxClusters,
                                          stream: root.derived("encoder"), cancellation: context.cancellation)
        try context.checkCancellation()
        let layout = encoding.transformer.layout
        let makeModel = { [configuration] in
            var initRNG = root.derived("weights")
            return Model(configuration: configuration, layout: layout, rng: &initRNG)
        }
        context.progress(.stage("train"))
        if let federation {
            guard let type = Model.self as? any FederatedModel.Type else {
                throw SynthesisError.invalidParameter(method: Model.methodName, name: "federated", value: federation.description,
                                                      requirement: "this method does not train federated")
            }
            (self.model, federatedRecord) = try federatedFit(type, federation, encoding.encoded, layout, context, root, makeModel)
        } else {
            let model = makeModel()
            var trainRNG = root.derived("training")
            try model.train(on: encoding.encoded, context: context, rng: &trainRNG)
            self.model = model
        }
        self.encoding = encoding
    }

    /// FedAvg with `Model` opened as the ``FederatedModel`` it is.
    private func federatedFit<M: FederatedModel>(_: M.Type, _ request: FederatedRequest, _ data: EncodedTable,
                                                 _ layout: TabularLayout, _ context: SynthesisContext,
                                                 _ root: RandomStream, _ makeModel: () -> Model) throws -> (Model, FederatedRecord) {
        let (server, record) = try FederatedAveraging(request: request).train(
            on: data, layout: layout, context: context, partitionStream: root.derived("partition"),
            training: root.derived("training"), makeModel: { makeModel() as! M })
        return (server as! Model, record)
    }

    public func sample(count: Int, seed: UInt64, context: SynthesisContext) throws -> Table {
        guard let encoding, let model else { throw SynthesisError.notFitted(method: Model.methodName) }
        guard count >= 0 else { throw SynthesisError.invalidData("cannot sample \(count) rows") }
        let root = RandomStream(seed: seed)
        var rng = root.derived("generate")
        let (values, sigmas) = model.generateEncoded(count: count, rng: &rng)
        try context.checkCancellation()
        return try encoding.decode(values, rowCount: count, sigmas: sigmas, stream: root.derived("decode"))
    }

    public var fitNotes: [String: NoteValue] {
        guard let encoding, let model else { return [:] }
        var notes = encoding.notes.merging(model.modelNotes) { a, _ in a }
        if let privacyReport { notes["privacy"] = privacyReport.note }
        if let federatedRecord { notes["federated"] = federatedRecord.note }
        return notes
    }
}

extension NeuralSynthesizer: FederatedTrainable where Model: FederatedModel {}

/// A synthesizer that can train by federated averaging (``FederatedRequest``) instead of centrally.
public protocol FederatedTrainable: Synthesizer {
    var federation: FederatedRequest? { get set }
}

extension NeuralSynthesizer: PrivacyAccounted {
    /// The model's report, with the encoder's reads of the raw data added to its non-private inputs: the
    /// mode-specific transformer fits mixtures, bounds and category lists on the table without noise.
    public var privacyReport: PrivacyReport? {
        guard var report = federatedRecord?.privacy ?? model?.privacyReport else { return nil }
        report.nonPrivateInputs.insert("encoder fit: mixture modes, value bounds and category lists", at: 0)
        return report
    }
}

public typealias CTGANSynthesizer = NeuralSynthesizer<ConditionalGAN>
public typealias TVAESynthesizer = NeuralSynthesizer<TabularVAE>
