import Foundation

/// One row of the `runs` table: the submission and its life so far.
package struct QueuedRun: Sendable, Equatable, Codable {
    package var id: Int64
    package var submission: RunSubmission
    package var status: RunStatus
    /// Claims so far (1 on the first claim).
    package var attempt: Int
    /// The worker holding the run while it is `running`, and until when its lease holds.
    package var leaseOwner: String?
    package var leaseExpiresAt: Date?
    package var heartbeatAt: Date?
    package var createdAt: Date
    package var startedAt: Date?
    package var finishedAt: Date?
    package var error: String?

    package init(id: Int64, submission: RunSubmission, status: RunStatus = .queued, attempt: Int = 0,
                 leaseOwner: String? = nil, leaseExpiresAt: Date? = nil, heartbeatAt: Date? = nil, createdAt: Date,
                 startedAt: Date? = nil, finishedAt: Date? = nil, error: String? = nil) {
        self.id = id; self.submission = submission; self.status = status; self.attempt = attempt
        self.leaseOwner = leaseOwner; self.leaseExpiresAt = leaseExpiresAt; self.heartbeatAt = heartbeatAt
        self.createdAt = createdAt; self.startedAt = startedAt; self.finishedAt = finishedAt; self.error = error
    }
}

/// One row of the `metrics` table: a flattened metric path (`quality.overall`, `privacy.mia_auc`) and its value.
package struct RunMetric: Sendable, Equatable, Codable {
    package var name: String
    package var value: Double
    package init(name: String, value: Double) { self.name = name; self.value = value }
}

/// One row of the `run_artifacts` table: a file the run wrote, where it is, and its checksum.
package struct RunArtifact: Sendable, Equatable, Codable {
    /// What it is: `synthetic_csv`, `result_json`, `report_html`, `plot`, ...
    package var kind: String
    package var path: String
    package var sha256: String
    package var bytes: Int64
    package init(kind: String, path: String, sha256: String, bytes: Int64) {
        self.kind = kind; self.path = path; self.sha256 = sha256; self.bytes = bytes
    }
}

/// How a claimed run ended, as its worker reports it.
package struct RunCompletion: Sendable, Equatable {
    /// `succeeded`, `failed` or `cancelled`.
    package var status: RunStatus
    package var error: String?
    package var metrics: [RunMetric]
    package var artifacts: [RunArtifact]
    package init(status: RunStatus, error: String? = nil, metrics: [RunMetric] = [], artifacts: [RunArtifact] = []) {
        self.status = status; self.error = error; self.metrics = metrics; self.artifacts = artifacts
    }
}

/// Which runs `list` returns, newest first.
package struct RunFilter: Sendable, Equatable {
    package var status: RunStatus?
    package var group: String?
    package var limit: Int
    package init(status: RunStatus? = nil, group: String? = nil, limit: Int = 100) {
        self.status = status; self.group = group; self.limit = limit
    }
}
