import Foundation
import Harness
import Hummingbird
import Logging

/// The HTTP service over a run queue: `synthbench serve` builds one and runs it until SIGINT or SIGTERM
/// (graceful: requests in flight finish). The store is handed in, so the same service runs over every
/// ``RunQueue`` (docs/service.md).
package struct SynthBenchService: Sendable {
    package let queue: any RunQueue
    package let verifier: TokenVerifier
    package let settings: ServiceSettings
    package let availableDatasets: [String]?
    package let metrics: ServiceMetrics

    package init(queue: any RunQueue, verifier: TokenVerifier, settings: ServiceSettings, availableDatasets: [String]?,
                 metrics: ServiceMetrics = ServiceMetrics()) {
        self.queue = queue; self.verifier = verifier; self.settings = settings
        self.availableDatasets = availableDatasets; self.metrics = metrics
    }

    package func router(now: @escaping @Sendable () -> Date = Date.init) -> Router<ServiceRequestContext> {
        let routes = RunRoutes(queue: queue, catalog: ArtifactCatalog(resultsDirectory: settings.resultsDirectory),
                               metrics: metrics, bodyLimit: settings.bodyLimit, availableDatasets: availableDatasets,
                               limits: settings.limits, build: settings.build, now: now)
        return ServiceRouter.make(routes: routes, verifier: verifier, settings: settings)
    }

    /// `listening` is called once the server is bound and accepting.
    package func application(logger: Logger = Logger(label: "synthbench.service"),
                             listening: @escaping @Sendable () async -> Void = {}) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(settings.host, port: settings.port),
                                                           serverName: "synthbench"),
                    onServerRunning: { _ in await listening() }, logger: logger)
    }

    /// Migrates the store, then serves until stopped. A failure before the server listens (the port is taken,
    /// the host is not this machine's) is ``CannotListen``, naming the address and the options that set it.
    package func run(logger: Logger = Logger(label: "synthbench.service")) async throws {
        try await queue.migrate()
        let state = ListeningState()
        do {
            try await application(logger: logger, listening: { await state.markListening() }).runService()
        } catch {
            if await state.isListening { throw error }
            throw CannotListen(host: settings.host, port: settings.port, reason: "\(error)")
        }
    }

    /// The server could not start listening on `host:port`.
    package struct CannotListen: Error, CustomStringConvertible {
        package var host: String
        package var port: Int
        package var reason: String
        package var description: String {
            "cannot listen on \(host):\(port) (--host, --port): \(reason)"
        }
    }

    /// Whether the server got as far as listening.
    private actor ListeningState {
        var isListening = false
        func markListening() { isListening = true }
    }
}
