import ArgumentParser
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
        Writes DIR/synthetic.csv, DIR/report.json (the production payload) and DIR/run.json (method \
        resolution, fallback, parameters, timings, fit notes). Without --method the method is chosen from the \
        schema (docs/pipeline.md).
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation

    @Option(help: "A registered dataset (see `synthbench datasets list`).") var dataset: String?
    @Option(help: "A CSV file to use instead of a registered dataset.") var data: String?
    @Option(help: "A metadata JSON file overriding detection for --data (docs/metadata.md).") var metadata: String?
    @Option(help: "Method name or alias (see `synthbench methods`); default: chosen from the schema.") var method: String?
    @Option(help: "Backend: sdv or synthcity.") var backend: String = "sdv"
    @Option(help: "Synthetic rows (default: as many as the real table).") var rows: Int?
    @Option(help: "Seed for every random choice.") var seed: UInt64 = 0
    @Option(help: "Output directory.") var out: String
    @Option(name: .customLong("param"), help: "A method hyperparameter KEY=VALUE (repeatable).") var params: [String] = []
    @Option(name: .customLong("suite"), help: "A further metric suite: sdmetrics or stats (repeatable).") var suites: [String] = []
    @Option(name: .customLong("dp"), help: ArgumentHelp(
        "Request differential privacy: epsilon=E[,delta=D][,public_preprocessing=true] (docs/privacy.md).",
        valueName: "epsilon=E,delta=D")) var dp: String?
    @Flag(name: .customLong("quantile-matching"), help: "Post-process: match numerical marginals to the real quantiles.") var quantileMatching = false
    @Flag(help: "Post-process: add small Gaussian jitter to float columns.") var jitter = false
    @Flag(name: .customLong("categorical-correction"), help: "Post-process: correct categorical marginals to the real shares.") var categoricalCorrection = false
    @Option(help: "The retry number recorded as meta.attempt.") var attempt: Int = 1
    @Flag(name: .customLong("no-timings"), help: "Leave timings out of run.json (for byte-for-byte comparisons).") var noTimings = false

    func validate() throws {
        guard (dataset == nil) != (data == nil) else { throw ValidationError("give exactly one of --dataset NAME or --data FILE") }
        if metadata != nil && data == nil { throw ValidationError("--metadata applies to --data FILE only") }
        guard Backend(rawValue: backend) != nil else {
            throw ValidationError("--backend must be one of \(Backend.allCases.map(\.rawValue).joined(separator: ", ")), got '\(backend)'")
        }
        if let r = rows, r < 1 { throw ValidationError("--rows must be at least 1, got \(r)") }
        if attempt < 1 { throw ValidationError("--attempt must be at least 1") }
    }

    func run() throws {
        global.apply()
        let logger = Logger(label: "synthbench.generate")
        let backend = Backend(rawValue: backend)!
        // Parameters are validated against the method the factory will use.
        var parameters: [String: ParameterValue] = [:]
        if !params.isEmpty {
            guard let m = method else { throw ValidationError("--param needs --method") }
            let resolution = try MethodFactory.resolve(method: m, backend: backend, dpRequested: dp != nil)
            parameters = try resolution.descriptor.parseAssignments(params)
        }
        let source: RunConfig.DataSource = dataset.map { .dataset($0) } ?? .file(path: data!, metadata: metadata)
        let config = RunConfig(
            data: source, method: method, backend: backend, rows: rows, seed: seed, parameters: parameters,
            postProcessing: PostProcessing(quantileMatching: quantileMatching, jitter: jitter,
                                           categoricalCorrection: categoricalCorrection),
            dpRequested: dp != nil, attempt: attempt, fetchIfMissing: true, datasetsDirectory: location.datasetsDir,
            suites: suites, dp: try dp.map { try DPRequest.parse($0) })
        let cancellation = CancellationFlag()
        SignalCancellation.install(cancellation)
        let context = SynthesisContext(cancellation: cancellation, progress: { event in
            if case .epoch(let i, let n, let losses) = event {
                logger.info("epoch \(i)/\(n)", metadata: losses.mapValues { .string(String(format: "%.4f", $0)) })
            }
        }, logger: logger)
        let outcome = try Pipeline(config: config, context: context).run()
        let dir = URL(fileURLWithPath: out)
        try RunArtifacts.write(outcome, to: dir, includeTimings: !noTimings)
        let r = outcome.resolution
        logger.info("wrote \(dir.path)", metadata: [
            "method": "\(r.descriptor.name)", "backend": "\(r.backendUsed.rawValue)",
            "fallback": "\(r.fallbackReason ?? "none")", "rows": "\(outcome.synthetic.rowCount)",
        ])
        if let report = RunArtifacts.report(outcome) {
            print(try prettyJSON(report))
        }
    }
}
