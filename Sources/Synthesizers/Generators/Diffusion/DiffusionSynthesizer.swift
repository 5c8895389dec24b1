import Foundation
import SynthMath
import SynthNN
import SynthTable

/// `ddpm`: TabDDPM behind the ``Synthesizer`` protocol. Fit sets id/PII columns aside (``GeneratedColumns``,
/// generated on sample as the Gaussian copula does), encodes the rest (``DiffusionEncoding``) and
/// trains a ``TabularDiffusion``; sample draws class labels (when conditional), runs the reverse chain and
/// decodes, inside SynthCity's generation loop (strict mode drops duplicate rows and draws the missing
/// ones again).
///
/// Fitting draws everything from `context.seed` (quantile subsamples, weights, batches, noise); sampling
/// from its own seed.
public final class DiffusionSynthesizer: Synthesizer {
    public struct Options: Sendable, Equatable {
        public var configuration: DiffusionConfiguration
        public var columnRule: DiffusionEncoding.ColumnRule
        public var bounds: QuantileNormalTransformer.Bounds
        /// Condition on the target column (metadata's target, else the last column, as SynthCity's
        /// `DataLoader` picks it).
        public var classConditional: Bool
        public var samplingPatience: Int
        public var strict: Bool

        public init(configuration: DiffusionConfiguration, columnRule: DiffusionEncoding.ColumnRule,
                    bounds: QuantileNormalTransformer.Bounds, classConditional: Bool, samplingPatience: Int, strict: Bool) {
            self.configuration = configuration; self.columnRule = columnRule; self.bounds = bounds
            self.classConditional = classConditional; self.samplingPatience = samplingPatience; self.strict = strict
        }
    }

    public let options: Options
    public private(set) var encoding: DiffusionEncoding?
    /// The id/PII columns set aside and generated on sample, as SDV does (``GeneratedColumns``).
    public private(set) var generated: GeneratedColumns?
    public private(set) var model: TabularDiffusion?
    /// The checkpoints of the last fit, when asked for (``SynthesisContext/checkpoint``).
    public private(set) var checkpointer: TrainingCheckpointer?

    public init(options: Options) { self.options = options }

    public func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws {
        let root = RandomStream(seed: context.seed)
        context.progress(.stage("encode"))
        let generated = try GeneratedColumns(fitting: table, metadata: metadata)
        let modelled = try generated.modelledTable(table)
        let target = options.classConditional ? (metadata.target ?? modelled.columnNames.last) : nil
        let encoding = try DiffusionEncoding(table: modelled, metadata: generated.modelledMetadata(metadata),
                                             rule: options.columnRule,
                                             bounds: options.bounds, conditionOn: target, stream: root.derived("encoder"))
        try context.checkCancellation()
        var initRNG = root.derived("weights")
        let model = TabularDiffusion(configuration: options.configuration, numericalWidth: encoding.numericalWidth,
                                     classCounts: encoding.classCounts, labelClasses: encoding.labelClasses, rng: &initRNG)
        context.progress(.stage("train"))
        var trainRNG = root.derived("training")
        let checkpointer = try context.checkpoint.map { request in
            try TrainingCheckpointer(request: request, fingerprint: Self.fingerprint(request, data: encoding.data,
                                                                                      fitSeed: context.seed))
        }
        try model.train(on: encoding.data, context: context, rng: &trainRNG, checkpointer: checkpointer)
        self.checkpointer = checkpointer
        self.encoding = encoding
        self.generated = generated
        self.model = model
    }

    /// The run's fingerprint: the request's fields (method, backend, parameters, run seed), the fit seed,
    /// the SHA-256 of the encoded training rows, and what else changes the bytes of a seeded run: the BLAS
    /// kernel and thread count and the matrix precision.
    static func fingerprint(_ request: TrainingCheckpointRequest, data: DiffusionData, fitSeed: UInt64) -> [String: String] {
        // The rows' bytes in place, little-endian: the count, the numbers, the codes, the labels.
        var digest = Checksum.Stream()
        withUnsafeBytes(of: Int64(data.rows).littleEndian) { digest.update($0) }
        data.numerical.withUnsafeBytes { digest.update($0) }
        data.codes.withUnsafeBytes { digest.update($0) }
        data.labels?.withUnsafeBytes { digest.update($0) }
        var out = request.fingerprint
        out["fit_seed"] = String(fitSeed)
        out["training_data_sha256"] = digest.hex()
        out["blas_kernel"] = BLAS.coreName
        out["blas_threads"] = String(BLAS.threads)
        out["matrix_precision"] = MatrixPrecision.effective.rawValue
        return out
    }

    public func sample(count: Int, seed: UInt64, context: SynthesisContext) throws -> Table {
        guard let encoding, let setAside = generated, let model else { throw SynthesisError.notFitted(method: "ddpm") }
        guard count >= 0 else { throw SynthesisError.invalidData("cannot sample \(count) rows") }
        let loop = SynthCityGenerationLoop(method: "ddpm", samplingPatience: options.samplingPatience,
                                           strict: options.strict, refill: .missingRows)
        let root = RandomStream(seed: seed)
        let rows = try loop.generate(count: count, stream: root, context: context) { rows, rng in
            let labels = try encoding.sampleLabels(count: rows, rng: &rng)
            let generated = try model.generate(count: rows, labels: labels, context: context, rng: &rng)
            return try encoding.decode(generated)
        }
        return try setAside.merge(rows, stream: root.derived("generated"))
    }

    public var fitNotes: [String: NoteValue] {
        guard let encoding, let model else { return [:] }
        var notes = model.history.notes
        notes.merge(model.epochCPU.notes) { a, _ in a }
        notes["encoder"] = .object(encoding.notes)
        notes.merge(generated?.notes ?? [:]) { a, _ in a }
        notes["parameters"] = .number(Double(model.denoiser.parameterCount))
        notes["numerical_columns"] = .number(Double(encoding.numericalWidth))
        notes["categorical_columns"] = .number(Double(encoding.classCounts.count))
        notes["quantile_bounds"] = .string(options.bounds.rawValue)
        if encoding.labelClasses > 0 { notes["conditioned_on"] = .string(encoding.target!.shape.name) }
        if let checkpointer { notes["checkpoint"] = checkpointer.notes }
        return notes
    }
}
