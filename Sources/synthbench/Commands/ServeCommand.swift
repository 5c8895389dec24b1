import ArgumentParser
import Foundation
import Harness
import Service

/// `synthbench serve`: the HTTP API over the run queue (docs/service.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the run queue over HTTP: submit, poll, cancel, retry, download artifacts; JWT auth; /metrics.",
        discussion: """
        Every /v1 route needs 'Authorization: Bearer <JWT>' signed with the HS256 secret (--jwt-secret-file) or \
        the private half of the RS256 key whose public half --jwt-public-key-file names, with exp, iss (--issuer) and a scope claim \
        ('read', 'submit', 'admin'). /healthz (naming this build) and /readyz are open; /metrics needs 'read' unless --metrics-public. \
        Logs are JSON lines on stderr, one per request. Stops gracefully on SIGINT or SIGTERM. \
        Make a token with `synthbench token`. See docs/service.md and docs/openapi.yaml.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(parsing: .unconditional, help: "The port to listen on.") var port = 8080
    @Option(help: "The run store: sqlite:PATH, postgres://..., or memory: (default: $SYNTHBENCH_DATABASE_URL, else \(QueueDatabase.defaultURL)).") var database: String?
    @Option(name: .customLong("jwt-secret-file"), help: "HS256: a file holding the shared secret (at least 32 bytes).") var jwtSecretFile: String?
    @Option(name: .customLong("jwt-public-key-file"), help: "RS256: the PEM file of the RSA public key (2048 bits or more).") var jwtPublicKeyFile: String?
    @Option(help: "The issuer ('iss') tokens must name.") var issuer = "synthbench"
    @Option(help: "The results directory artifacts are served from (only files under it).") var results = "results"
    @Option(name: .customLong("body-limit"), parsing: .unconditional, help: "Largest request body in bytes; larger gets 413.") var bodyLimit = ServiceSettings.defaultBodyLimit
    @Flag(name: .customLong("metrics-public"), help: "Serve /metrics without a token.") var metricsPublic = false
    @Option(name: .customLong("max-timeout"), parsing: .unconditional, help: "Largest timeout_s a submitted spec may give a cell, in seconds.")
    var maxTimeout = SubmissionLimits.defaultTimeoutS
    @Option(name: .customLong("max-rows"), parsing: .unconditional, help: "Most rows a submitted cell's tables may have (NAME@ROWS, rows).")
    var maxRows = SubmissionLimits.defaultRows
    @Option(name: .customLong("max-blas-threads"), parsing: .unconditional, help: "Most blas_threads a submitted spec may ask for.")
    var maxBlasThreads = SubmissionLimits.defaultBlasThreads
    @Option(name: .customLong("max-cells"), parsing: .unconditional, help: "Most runs one submission may queue.")
    var maxCells = SubmissionLimits.defaultCells

    func validate() throws {
        if (jwtSecretFile == nil) == (jwtPublicKeyFile == nil) {
            throw ValidationError("give exactly one of --jwt-secret-file (HS256) and --jwt-public-key-file (RS256)")
        }
        if !(1...65535).contains(port) { throw ValidationError("--port must be in 1...65535, got \(port)") }
        if bodyLimit < 1024 { throw ValidationError("--body-limit must be at least 1024 bytes, got \(bodyLimit)") }
        if issuer.isEmpty { throw ValidationError("--issuer must not be empty") }
        if !(maxTimeout > 0 && maxTimeout.isFinite) { throw ValidationError("--max-timeout must be a positive number of seconds, got \(maxTimeout)") }
        for (name, value) in [("--max-rows", maxRows), ("--max-blas-threads", maxBlasThreads), ("--max-cells", maxCells)] where value < 1 {
            throw ValidationError("\(name) must be at least 1, got \(value)")
        }
    }

    func run() async throws {
        LogSetup.bootstrap(format: .json)  // a service logs JSON lines whatever --log-json says
        global.apply()
        let key = try jwtSecretFile.map { f throws(TokenKeyError) in try TokenKey.hs256(secretFile: f) }
            ?? TokenKey.rs256(publicKeyFile: jwtPublicKeyFile!)
        let queue = try await ServeStore.open(database)
        let registry = try location.registry()
        var datasetRows: [String: Int] = [:]
        for name in registry.names { datasetRows[name] = (try? registry.manifest(named: name))?.shape?.rows }
        let limits = SubmissionLimits(timeoutS: maxTimeout, rows: maxRows, blasThreads: maxBlasThreads, cells: maxCells,
                                      datasetRows: datasetRows)
        let settings = ServiceSettings(host: host, port: port, bodyLimit: bodyLimit, metricsNeedToken: !metricsPublic,
                                       resultsDirectory: URL(fileURLWithPath: results), build: .thisBuild, limits: limits)
        let service = SynthBenchService(queue: queue, verifier: try await TokenVerifier(key: key, issuer: issuer),
                                        settings: settings, availableDatasets: registry.names)
        try await service.run()
    }
}
