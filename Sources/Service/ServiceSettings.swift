import Foundation
import Harness

/// How `synthbench serve` runs (docs/service.md).
package struct ServiceSettings: Sendable {
    package var host: String
    package var port: Int
    /// Largest request body accepted; larger is refused with 413 before it is read whole.
    package var bodyLimit: Int
    /// Whether `GET /metrics` needs a token with the `read` scope (a scraper then carries one).
    package var metricsNeedToken: Bool
    /// Where the runs' artifacts live; only files under it are served.
    package var resultsDirectory: URL
    /// The serving executable's build (its `BuildStamp.thisBuild`), which `GET /healthz` names: handed in, as
    /// Service does not depend on the executable target that stamps it.
    package var build: BuildStamp
    /// What one submission may ask a worker for.
    package var limits: SubmissionLimits

    package static let defaultBodyLimit = 1 << 20

    package init(host: String = "127.0.0.1", port: Int = 8080, bodyLimit: Int = ServiceSettings.defaultBodyLimit,
                 metricsNeedToken: Bool = true, resultsDirectory: URL, build: BuildStamp,
                 limits: SubmissionLimits = SubmissionLimits()) {
        self.host = host; self.port = port; self.bodyLimit = bodyLimit; self.metricsNeedToken = metricsNeedToken
        self.resultsDirectory = resultsDirectory; self.build = build; self.limits = limits
    }
}
