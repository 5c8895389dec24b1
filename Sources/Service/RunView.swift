import Foundation
import Harness

/// A run as the API shows it: identity, status, attempts, timings and error; with its metrics on
/// `GET /v1/runs/{id}`. Times are ISO 8601 (UTC, seconds); durations are seconds.
package struct RunView: Codable, Sendable, Equatable {
    package var id: Int64
    package var group: String
    package var cell: String
    package var status: RunStatus
    package var attempt: Int
    package var maxAttempts: Int
    package var createdAt: String
    package var startedAt: String?
    package var finishedAt: String?
    package var heartbeatAt: String?
    /// From submission to the latest claim (nil until claimed).
    package var queueWaitS: Double?
    /// From the latest claim to the end (nil until finished).
    package var durationS: Double?
    package var error: String?
    /// Metric name -> value (`sdmetrics.quality_score`); only on the single-run route.
    package var metrics: [String: Double]?

    enum CodingKeys: String, CodingKey {
        case id, group, cell, status, attempt, maxAttempts = "max_attempts", createdAt = "created_at"
        case startedAt = "started_at", finishedAt = "finished_at", heartbeatAt = "heartbeat_at"
        case queueWaitS = "queue_wait_s", durationS = "duration_s", error, metrics
    }

    package init(_ run: QueuedRun, metrics: [RunMetric]? = nil) {
        id = run.id; group = run.submission.group; cell = run.submission.cellID; status = run.status
        attempt = run.attempt; maxAttempts = run.submission.maxAttempts
        createdAt = run.createdAt.ISO8601Format()
        startedAt = run.startedAt?.ISO8601Format(); finishedAt = run.finishedAt?.ISO8601Format()
        heartbeatAt = run.heartbeatAt?.ISO8601Format()
        queueWaitS = run.startedAt.map { $0.timeIntervalSince(run.createdAt) }
        durationS = run.startedAt.flatMap { s in run.finishedAt.map { $0.timeIntervalSince(s) } }
        error = run.error
        self.metrics = metrics.map { Dictionary($0.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }) }
    }
}

/// The body of `GET /v1/runs` and of a submission.
package struct RunList: Codable, Sendable, Equatable {
    package var runs: [RunView]
}
