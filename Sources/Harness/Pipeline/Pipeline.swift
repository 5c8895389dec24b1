import Foundation
import Evaluation
import Logging
import SynthMath
import SynthNN
import SynthTable
import Synthesizers

/// The single-run pipeline (the production worker's `execute_pipeline`): load -> metadata -> choose method
/// -> factory -> fit -> sample -> optional post-processing -> metrics. Cancellation is checked between
/// stages (and inside long loops by the synthesizer).
package struct Pipeline {
    package let config: RunConfig
    package let context: SynthesisContext
    /// Called when a phase starts, with the timings of the phases finished so far; the cell runner records
    /// both so that a crash can say where it happened and keep what was measured.
    package var onPhase: @Sendable (PipelinePhase, PhaseTimings) -> Void
    /// Called once the real table is loaded, with its row count (before the next phase starts).
    package var onLoaded: @Sendable (Int) -> Void = { _ in }
    /// Where the sample phase streams the synthetic rows when there are more of them than the run keeps
    /// (``RunConfig/keptSyntheticRows(count:realRows:)``) and the generator samples in chunks; nil: never
    /// stream. The file is complete when the run returns (``RunOutcome/syntheticFile``).
    package var syntheticStream: URL? = nil
    /// The format writer behind the stream (CSV unless `generate --format` says otherwise).
    package var syntheticWriter: (URL) throws -> any TableChunkWriter = { try CSVStreamWriter(path: $0.path) }
    /// Training checkpoints of the fit (`generate --checkpoint`); the fit's context gets it, never the
    /// shadow attack's refits.
    package var checkpoint: TrainingCheckpointRequest? = nil

    package init(config: RunConfig, context: SynthesisContext = SynthesisContext(),
                onPhase: @escaping @Sendable (PipelinePhase, PhaseTimings) -> Void = { _, _ in }) {
        self.config = config; self.context = context; self.onPhase = onPhase
    }

    /// ``checkpoint`` with the pipeline's part of the fingerprint (method, backend, every
    /// resolved parameter, the run's seed); refused for a method that does not implement checkpoints, or
    /// through a reference backend or federated training, rather than ignored.
    func checkpointRequest(resolution: MethodResolution, parameters: ResolvedParameters) throws -> TrainingCheckpointRequest? {
        guard var request = checkpoint else { return nil }
        let method = resolution.descriptor.name
        guard TrainingCheckpointRequest.methods.contains(method), config.reference == nil, config.federated == nil else {
            throw CheckpointError.unsupportedMethod(config.reference != nil ? "\(method) through a reference backend"
                                                    : config.federated != nil ? "federated \(method)" : method)
        }
        request.fingerprint["method"] = method
        request.fingerprint["backend"] = "\(resolution.backendUsed)"
        request.fingerprint["seed"] = String(config.seed)
        for (name, value) in parameters.values { request.fingerprint["parameter." + name] = value.description }
        return request
    }

    /// Runs every stage; a failure is rethrown as a ``PipelineError`` carrying its phase and the timings
    /// of the phases that finished.
    package func run(evaluate: Bool = true) throws(PipelineError) -> RunOutcome {
        let start = ContinuousClock.now
        var timings = PhaseTimings()
        var phase = PipelinePhase.load
        var realRows: Int? = nil
        func enter(_ p: PipelinePhase) throws {
            try context.checkCancellation()
            phase = p
            onPhase(p, timings)
            context.logger.debug("phase", metadata: ["phase": "\(p.rawValue)"])
        }
        do {
            try enter(.load)
            var t = ContinuousClock.now
            let data = try PreparedData.load(config.data, fetchIfMissing: config.fetchIfMissing,
                                             datasetsDirectory: config.datasetsDirectory, csvPolicy: config.csvPolicy)
                .holdingOut(config.effectiveHoldoutFraction, seed: RandomStream(seed: config.seed).derivedSeed("holdout"),
                            required: config.holdoutFraction != nil)
            timings.load = seconds(since: t)
            realRows = data.table.rowCount
            // Declared quasi-identifiers are checked against the metadata, and their generalisations against the
            // training rows (a value a hierarchy file lacks), before anything is fitted.
            if let names = config.quasiIdentifiers {
                try QuasiIdentifiers.check(names, in: data.metadata, on: [("real", data.table)], declaredAs: config.quasiIdentifiersSource)
            }
            // The shadow-model attack refits the generator many times: refuse a table above its bound now.
            if evaluate, config.suites.contains(ShadowModelSuite.id) { try ShadowModelSuite.checkSize(trainingRows: data.table.rowCount, settings: config.shadow) }
            onLoaded(data.table.rowCount)
            for warning in data.warnings { context.logger.warning("\(data.name): \(warning)") }

            try enter(.resolve)
            let choice: MethodChooser.Choice
            if let m = config.method {
                choice = MethodChooser.Choice(method: m, rule: "config", reason: "named by the run config")
            } else {
                choice = MethodChooser.choose(data.metadata, table: data.table)
                context.logger.info("method chosen from schema",
                                    metadata: ["method": "\(choice.method)", "rule": "\(choice.rule)", "reason": "\(choice.reason)"])
            }
            let resolution = try config.reference?.resolve(method: choice.method, dpRequested: config.dpRequested)
                ?? MethodFactory.resolve(method: choice.method, backend: config.backend, dpRequested: config.dpRequested)
            if let reason = resolution.fallbackReason {
                context.logger.notice("backend fallback", metadata: ["method": "\(resolution.descriptor.name)", "reason": "\(reason)"])
            }
            let given = try config.parametersWithDP()
            let parameters = try resolution.descriptor.resolve(given)
            let synthesizer = try config.reference?.synthesizer(for: resolution, given: given)
                ?? resolution.descriptor.make(given)
            try config.applyFederation(to: synthesizer, method: resolution.descriptor.name)

            try enter(.fit)
            t = ContinuousClock.now
            let fitSeed = RandomStream(seed: config.seed).derivedSeed("fit")
            var fitContext = context.withSeed(fitSeed)
            fitContext.checkpoint = try checkpointRequest(resolution: resolution, parameters: parameters)
            do { try synthesizer.fit(data.table, metadata: data.metadata, context: fitContext) }
            catch let error as SynthesisError { throw RowOrigin.locating(error, in: data.rowOrigin) }
            timings.fit = seconds(since: t)
            // The training loop's cached tensor buffers are not used again: freed here, they no longer add to
            // the peak of sampling and evaluation (the ddpm paper preset: docs/ddpm.md, "Peak memory of the
            // paper preset").
            BufferPool.current.trim()
            let privacy = RunPrivacy.assess(resolution: resolution, request: config.dp, dpRequested: config.dpRequested,
                                            synthesizer: synthesizer)

            try enter(.sample)
            t = ContinuousClock.now
            let count = config.syntheticRows(forReal: data.table.rowCount)
            let root = RandomStream(seed: config.seed)
            let keep = config.keptSyntheticRows(count: count, realRows: data.table.rowCount)
            var synthetic: Table
            var syntheticFile: URL? = nil
            if let url = syntheticStream, keep < count, synthesizer is any ChunkedSampling,
               config.postProcessing.enabledSteps.isEmpty {
                synthetic = try Self.stream(synthesizer, count: count, keeping: keep, seed: root.derivedSeed("sample"),
                                            to: try syntheticWriter(url), context: context)
                syntheticFile = url
            } else {
                synthetic = try synthesizer.sample(count: count, seed: root.derivedSeed("sample"), context: context)
            }
            timings.sample = seconds(since: t)
            BufferPool.current.trim()

            if !config.postProcessing.enabledSteps.isEmpty {
                try enter(.postprocess)
                synthetic = try config.postProcessing.apply(to: synthetic, real: data.table, metadata: data.metadata,
                                                            seed: root.derivedSeed("postprocess"))
            }

            var evaluation: RunEvaluation? = nil
            if evaluate {
                try enter(.evaluate)
                t = ContinuousClock.now
                evaluation = try RunEvaluation.compute(real: data.table, synthetic: synthetic, metadata: data.metadata,
                                                       holdout: data.holdout, privacy: privacy.payloadStatus,
                                                       dpNotes: privacy.notes,
                                                       seed: root.derivedSeed("evaluate"),
                                                       suites: config.suites, caps: config.evalCaps,
                                                       quasiIdentifiers: config.quasiIdentifiers,
                                                       shadowSettings: config.shadow,
                                                       shadowGenerator: config.shadowGenerator(
                                                           resolution: resolution, given: given, metadata: data.metadata,
                                                           context: context))
                timings.evaluate = seconds(since: t)
            }
            timings.total = seconds(since: start)
            phase = .done
            onPhase(.done, timings)
            return RunOutcome(config: config, data: data, choice: choice, resolution: resolution, parameters: parameters,
                              synthetic: synthetic, fitNotes: synthesizer.fitNotes, timings: timings,
                              evaluation: evaluation, privacy: privacy, syntheticFile: syntheticFile,
                              syntheticRows: count)
        } catch {
            timings.total = seconds(since: start)
            throw PipelineError(phase: phase, underlying: error, timings: timings, realRows: realRows)
        }
    }
}

extension Pipeline {
    /// Samples `count` rows chunk by chunk into `file` and returns the first `keep` of them.
    static func stream(_ synthesizer: any Synthesizer, count: Int, keeping keep: Int, seed: UInt64,
                       to file: any TableChunkWriter, context: SynthesisContext) throws -> Table {
        var kept: [Table] = [], have = 0
        try synthesizer.sampleChunks(count: count, seed: seed, context: context) { chunk in
            try file.append(chunk)
            let take = min(keep - have, chunk.rowCount)
            if take > 0 { kept.append(take == chunk.rowCount ? chunk : chunk.selectingRows(Array(0..<take))) }
            have += take
        }
        try file.finish()
        return Table.concatenating(kept)
    }
}

/// What a finished run produced.
package struct RunOutcome {
    package let config: RunConfig
    package let data: PreparedData
    package let choice: MethodChooser.Choice
    package let resolution: MethodResolution
    package let parameters: ResolvedParameters
    package let synthetic: Table
    package let fitNotes: [String: NoteValue]
    package let timings: PhaseTimings
    package let evaluation: RunEvaluation?
    package let privacy: RunPrivacy
    /// The synthetic file the sample phase streamed, when it did; `synthetic` is then its first rows.
    package var syntheticFile: URL? = nil
    /// Rows sampled (`synthetic` holds them all unless they were streamed to ``syntheticFile``).
    package var syntheticRows: Int
}

extension RunConfig {
    /// The method parameters with the DP request's `epsilon`/`delta` applied; a parameter given both ways
    /// with different values is an error.
    package func parametersWithDP() throws(SynthesisError) -> [String: ParameterValue] {
        guard let dp else { return parameters }
        var out = parameters
        for (key, value) in dp.parameters {
            if let given = out[key], given != value {
                throw .invalidParameter(method: method ?? "dp", name: key, value: "\(given)",
                                        requirement: "conflicts with the DP request's \(key)=\(value)")
            }
            out[key] = value
        }
        return out
    }
}
