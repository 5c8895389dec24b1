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
                               metrics: metrics, bodyLimit: settings.bodyLimit, availableDatasets: availableDatasets, now: now)
        return ServiceRouter.make(routes: routes, verifier: verifier, settings: settings)
    }

    package func application(logger: Logger = Logger(label: "synthbench.service")) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(settings.host, port: settings.port),
                                                           serverName: "synthbench"),
                    logger: logger)
    }

    /// Migrates the store, then serves until stopped.
    package func run(logger: Logger = Logger(label: "synthbench.service")) async throws {
        try await queue.migrate()
        try await application(logger: logger).runService()
    }
}
