import ArgumentParser
import Evaluation
import Exports
import Foundation
import Harness
import Logging
import Synthesizers

/// `synthbench generate`: one run of the single-run pipeline, leaving synthetic.csv, report.json and
/// run.json in `--out`.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Fit a method on a dataset, sample a synthetic table and score it (the production pipeline).",
        discussion: """
        Writes DIR/synthetic.csv (or synthetic.EXT with --format; large --rows stream in bounded memory with a \
        progress line on standard error), DIR/report.json (the production payload) and DIR/run.json (method \
        resolution, fallback, parameters, timings, fit notes). Without --method the method is chosen from the \
        schema (docs/pipeline.md).
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation
    @OptionGroup var csv: CSVReadOptions
    @OptionGroup var evalCap: EvalCapOption
    @OptionGroup var quasiIdentifiers: QuasiIdentifiersOption

    @Option(help: "A registered dataset (see `synthbench datasets list`).") var dataset: String?
    @Option(help: "A CSV file to use instead of a registered dataset.") var data: String?
    @Option(help: "A metadata JSON file overriding detection for --data (docs/metadata.md).") var metadata: String?
    @Option(help: "Method name or alias (see `synthbench methods`); default: chosen from the schema.") var method: String?
    @Option(help: "Whose defaults and preprocessing: SynthBench's sdv or synthcity flavour, or the real library through its Python adapter, sdv-python or synthcity-python (with --python; docs/reference-backends.md).") var backend: GridBackend = .sdv
    @Option(help: "The Python of the reference backends: PATH, or BACKEND=PATH (repeatable; default: SYNTHBENCH_PYTHON).") var python: [String] = []
    @Option(parsing: .unconditional, help: "Synthetic rows (default: as many as the real table).") var rows: Int?
    @Option(parsing: .unconditional, help: "Seed for every random choice.") var seed: UInt64 = 0
    @Option(help: "Output directory.") var out: String
    @Option(help: "Format of the synthetic table (csv, json, jsonl, parquet, xlsx, sql, sqlite; docs/exports.md).") var format: ExportFormat = .csv
    @Option(name: .customLong("param"), help: "A method hyperparameter KEY=VALUE (repeatable).") var params: [String] = []
    @Option(name: .customLong("suite"), help: "A metric suite besides the payload: \(MetricSuites.optionalIDs.joined(separator: ", ")) (repeatable; default: \(MetricSuites.privacyDefaults.joined(separator: ", ")); `--suite payload` for the payload alone).") var suites: [String] = []
    @Option(parsing: .unconditional, help: "Share of the real rows held out from the fit for the privacy suites, in [0, 1) (default 0.2 when a privacy suite runs; adult uses adult-test; 0: none).") var holdout: Double?
    @Option(name: .customLong("dp"), help: ArgumentHelp(
        "Request differential privacy: epsilon=E[,delta=D][,public_preprocessing=true] (docs/privacy.md).",
        valueName: "epsilon=E,delta=D")) var dp: String?
    @Option(name: .customLong("federated"), help: ArgumentHelp(
        "Train by federated averaging over client partitions of the rows (docs/synthesizers.md#federated-training).",
        valueName: "clients=K,rounds=R[,partition=iid|dirichlet(A)|by-column][,column=C]")) var federated: String?
    @Option(name: .customLong("shadow"), help: ArgumentHelp(
        "The shadow-model attack's counts, with --suite shadow; keys left out keep their defaults (docs/metrics.md, the shadow suite).",
        valueName: "targets=3,training_pairs=20,test_pairs=10,max_rows=2000")) var shadow: String?
    @Flag(name: .customLong("quantile-matching"), help: "Post-process: match numerical marginals to the real quantiles.") var quantileMatching = false
    @Flag(help: "Post-process: add small Gaussian jitter to float columns.") var jitter = false
    @Flag(name: .customLong("categorical-correction"), help: "Post-process: correct categorical marginals to the real shares.") var categoricalCorrection = false
    @Option(help: ArgumentHelp(
        "Save TabDDPM's training state to FILE at pass boundaries and resume from it when it exists (ddpm only; docs/ddpm.md, Checkpoints and resume).",
        valueName: "FILE")) var checkpoint: String?
    @Option(name: .customLong("checkpoint-every"), help: ArgumentHelp(
        "Wall time between checkpoint saves: 90s, 10m, 2h (default 10m; saved at the next pass boundary; never changes the output).",
        valueName: "DURATION")) var checkpointEvery: String?
    @Option(parsing: .unconditional, help: "The retry number recorded as meta.attempt.") var attempt: Int = 1
    @Flag(name: .customLong("no-timings"), help: "Leave timings out of run.json (for byte-for-byte comparisons).") var noTimings = false

    func validate() throws {
        guard (dataset == nil) != (data == nil) else { throw ValidationError("give exactly one of --dataset NAME or --data FILE") }
        if metadata != nil && data == nil { throw ValidationError("--metadata applies to --data FILE only") }
        if !params.isEmpty && method == nil { throw ValidationError("--param needs --method (parameters belong to one method)") }
        if let r = rows, r < 1 { throw ValidationError("--rows must be at least 1, got \(r)") }
        if let h = holdout, !(h >= 0 && h < 1) { throw ValidationError("--holdout must be in [0, 1), got \(h)") }
        try SuiteNames.validate(suites)
        if attempt < 1 { throw ValidationError("--attempt must be at least 1") }
        try KeyValueOption.validate("--dp", dp, DPRequest.parse)
        try KeyValueOption.validate("--federated", federated, FederatedRequest.parse)
        if let every = checkpointEvery {
            if checkpoint == nil { throw ValidationError("--checkpoint-every needs --checkpoint FILE") }
            if TrainingCheckpointRequest.parseDuration(every) == nil {
                throw ValidationError("--checkpoint-every must be a duration like 90s, 10m or 2h, got '\(every)'")
            }
        }
        if format == .zip { throw ValidationError("--format zip bundles a run directory: use `synthbench export DIR --format zip`") }
        if !python.isEmpty && !backend.isReference { throw ValidationError("--python applies to --backend sdv-python or synthcity-python only") }
    }

    func run() throws {
        global.apply()
        let logger = Logger(label: "synthbench.generate")
        // The method and its parameters first: a name or value it rejects is a usage error, before anything else.
        let parameters = try method.map { try MethodOption.parameters(params, method: $0, backend: backend, dpRequested: dp != nil) } ?? [:]
        if let dataset { try location.requireRegistered(dataset) }
        // The checkpoint is this run's until it ends, before anything reads or writes it: a second run on the
        // same file is refused here, at once (docs/ddpm.md, Checkpoints and resume).
        let checkpointLock = try checkpoint.map { try CheckpointLock(checkpoint: URL(fileURLWithPath: $0)) }
        defer { checkpointLock?.release() }
        let pythons = try backend.isReference ? ReferencePythonOption.pythons(python, for: backend) : [:]
        // Nothing is loaded or fitted before the output is known to be usable.
        let dir = URL(fileURLWithPath: out).resolvingSymlinksInPath()   // the set replaces the real directory, not a link
        try ArtifactSet.recover(dir)   // a set an earlier killed commit moved aside is put back first
        let existed = FileManager.default.fileExists(atPath: dir.path)
        let syntheticName = "synthetic.\(format.fileExtension)"
        try OutputLocation.prepare(dir, estimatedBytes: estimatedOutputBytes(),
                                   onlyHolding: RunArtifacts.fileNames.union([syntheticName]))
        // A failed run leaves no empty directory it created.
        var succeeded = false
        defer { if !succeeded && !existed { rmdir(dir.path) } }
        let source: RunConfig.DataSource = dataset.map { .dataset($0) } ?? .file(path: data!, metadata: metadata)
        var config = RunConfig(
            data: source, method: method, backend: backend.flavour, rows: rows, seed: seed, parameters: parameters,
            postProcessing: PostProcessing(quantileMatching: quantileMatching, jitter: jitter,
                                           categoricalCorrection: categoricalCorrection),
            dpRequested: dp != nil, attempt: attempt, fetchIfMissing: true, datasetsDirectory: location.datasetsDir,
            suites: suites.isEmpty ? MetricSuites.privacyDefaults : suites.filter { $0 != PayloadSuite.id },
            csvPolicy: csv.policy, holdoutFraction: holdout, dp: try dp.map { try DPRequest.parse($0) })
        config.evalCaps = evalCap.caps
        config.quasiIdentifiers = quasiIdentifiers.names
        config.quasiIdentifiersSource = QuasiIdentifiersOption.name
        config.federated = try federated.map { try FederatedRequest.parse($0) }
        if let shadow {
            guard config.suites.contains(ShadowModelSuite.id) else {
                throw ValidationError("--shadow sets the shadow-model attack; add --suite shadow")
            }
            config.shadow = try ShadowAttackSettings.parse(shadow)
        }
        // A reference backend runs the grid cell's adapter path, working beside the output directory (the
        // training split and the library's CSV), which is removed afterwards.
        let referenceWork = dir.deletingLastPathComponent().appendingPathComponent(".\(dir.lastPathComponent).reference-\(getpid())")
        if backend.isReference {
            config.reference = ReferenceEnvironment(backend: backend, pythons: pythons, workDirectory: referenceWork)
        }
        defer { try? FileManager.default.removeItem(at: referenceWork) }
        let cancellation = CancellationFlag()
        SignalCancellation.install(cancellation)
        let context = SynthesisContext(cancellation: cancellation, progress: { event in
            if case .epoch(let i, let n, let losses) = event {
                logger.info("epoch \(i)/\(n)", metadata: losses.mapValues { .string(String(format: "%.4f", $0)) })
            }
        }, logger: logger)
        var pipeline = Pipeline(config: config, context: context)
        pipeline.checkpoint = checkpoint.map {
            TrainingCheckpointRequest(file: URL(fileURLWithPath: $0),
                                      interval: .seconds(TrainingCheckpointRequest.parseDuration(checkpointEvery ?? "10m")!),
                                      fingerprint: [:], synthbenchVersion: SynthBenchVersion.string)
        }
        // More rows than the metrics need are streamed to disk next to the set, then moved into it.
        let stream = dir.deletingLastPathComponent().appendingPathComponent(".\(dir.lastPathComponent).synthetic-\(getpid()).\(format.fileExtension)")
        pipeline.syntheticStream = stream
        let format = self.format, total = rows ?? 0
        pipeline.syntheticWriter = { url in
            try ProgressChunkWriter(format.writer(path: url.path), label: syntheticName, total: total)
        }
        defer { try? FileManager.default.removeItem(at: stream) }
        var outcome = try QuasiIdentifiersOption.usageErrors { try pipeline.run() }
        // Kept in memory: streamed to the file here (CSV too: the bytes of the whole table, without holding them
        // and a copy in memory beside the evaluated tables, which made the run's peak), then moved into the set.
        if outcome.syntheticFile == nil {
            try format.writer(path: stream.path).write(outcome.synthetic)
            outcome.syntheticFile = stream
        }
        try RunArtifacts.write(outcome, to: dir, includeTimings: !noTimings, syntheticName: syntheticName)
        succeeded = true
        let backends = outcome.recordedBackends
        logger.info("wrote \(dir.path)", metadata: [
            "method": "\(outcome.resolution.descriptor.name)", "backend": "\(backends.used)",
            "fallback": "\(backends.fallbackReason ?? "none")", "rows": "\(outcome.syntheticRows)",
        ])
        if let report = RunArtifacts.report(outcome) {
            print(try prettyJSON(report))
        }
    }

    /// A conservative size of the artifact set from the real data file on disk (a registered dataset not
    /// fetched yet counts as empty): ``RunArtifacts/estimatedBytes(sourceBytes:rowFactor:)`` with the row
    /// factor of `--rows` against the file's line count.
    func estimatedOutputBytes() -> UInt64 {
        let path: String? = data ?? dataset.flatMap { name in
            guard let registry = try? location.registry(), let m = try? registry.manifest(named: name) else { return nil }
            return registry.fileURL(for: m).path
        }
        guard let path, let bytes = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            return RunArtifacts.estimatedBytes(sourceBytes: 0)
        }
        var factor = 1.0
        if let rows {
            let lines = bytes.reduce(into: 0) { n, b in if b == 0x0A { n += 1 } }
            factor = Double(rows) / Double(max(lines - 1, 1))
        }
        return RunArtifacts.estimatedBytes(sourceBytes: UInt64(bytes.count), rowFactor: factor)
    }
}
