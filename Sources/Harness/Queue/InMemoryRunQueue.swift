import Foundation

/// The queue in one process's memory: for tests of the code above the stores and for a single-process run.
/// Its rules are the stores' rules; the stores' tests run the same contract against it.
package actor InMemoryRunQueue: RunQueue {
    private var runs: [Int64: QueuedRun] = [:]
    private var runMetrics: [Int64: [RunMetric]] = [:]
    private var runArtifacts: [Int64: [RunArtifact]] = [:]
    private var nextID: Int64 = 1

    package init() {}

    package func migrate() async throws {}

    package func submit(_ submissions: [RunSubmission], now: Date) async throws -> [Int64] {
        for s in submissions where s.maxAttempts < 1 {
            throw RunQueueError.invalidSubmission("cell \(s.cellID): max attempts must be at least 1, got \(s.maxAttempts)")
        }
        return submissions.map { submission in
            let id = nextID
            nextID += 1
            runs[id] = QueuedRun(id: id, submission: submission, createdAt: now)
            return id
        }
    }

    package func claim(worker: String, lease: TimeInterval, now: Date) async throws -> QueuedRun? {
        func leaseExpired(_ run: QueuedRun) -> Bool {
            run.status == .running && (run.leaseExpiresAt.map { $0 <= now } ?? true)
        }
        // First every run whose worker died on its last attempt fails (as the database stores do in one statement).
        for id in runs.keys.sorted() {
            guard var run = runs[id], leaseExpired(run), run.attempt >= run.submission.maxAttempts else { continue }
            run.status = .failed
            run.error = "lease expired on attempt \(run.attempt) of \(run.submission.maxAttempts) (worker \(run.leaseOwner ?? "unknown") stopped answering)"
            run.leaseOwner = nil; run.leaseExpiresAt = nil; run.finishedAt = now
            runs[id] = run
        }
        for id in runs.keys.sorted() {
            guard var run = runs[id], run.status == .queued || leaseExpired(run) else { continue }
            run.status = .running
            run.attempt += 1
            run.leaseOwner = worker
            run.leaseExpiresAt = now.addingTimeInterval(lease)
            run.heartbeatAt = now
            run.startedAt = now
            runs[id] = run
            return run
        }
        return nil
    }

    package func heartbeat(run id: Int64, worker: String, lease: TimeInterval, now: Date) async throws -> RunStatus {
        var run = try held(id, by: worker)
        if run.status == .running {
            run.leaseExpiresAt = now.addingTimeInterval(lease)
            run.heartbeatAt = now
            runs[id] = run
        }
        return run.status
    }

    package func finish(run id: Int64, worker: String, outcome: RunCompletion, now: Date) async throws {
        var run = try held(id, by: worker)
        guard outcome.status.isFinal else { throw RunQueueError.invalidTransition(run: id, from: run.status, to: outcome.status) }
        if run.status != .cancelled {
            run.status = outcome.status
            run.error = outcome.error
        }
        run.leaseOwner = nil; run.leaseExpiresAt = nil; run.finishedAt = now
        runs[id] = run
        // In the stores' order (by name, by path), so every store answers alike.
        runMetrics[id] = outcome.metrics.sorted { $0.name < $1.name }
        runArtifacts[id] = outcome.artifacts.sorted { $0.path < $1.path }
    }

    package func release(run id: Int64, worker: String, countAttempt: Bool, now: Date) async throws {
        var run = try held(id, by: worker)
        if run.status == .cancelled {
            run.finishedAt = now
        } else {
            run.status = .queued
            if !countAttempt { run.attempt -= 1 }
            run.startedAt = nil; run.heartbeatAt = nil
        }
        run.leaseOwner = nil; run.leaseExpiresAt = nil
        runs[id] = run
    }

    package func cancel(run id: Int64, now: Date) async throws -> RunStatus {
        guard var run = runs[id] else { throw RunQueueError.unknownRun(id) }
        guard !run.status.isFinal else { return run.status }
        // A running run keeps its lease owner so the worker's next heartbeat sees `cancelled` and its finish is accepted.
        if run.status == .queued { run.finishedAt = now }
        run.status = .cancelled
        runs[id] = run
        return run.status
    }

    package func retry(run id: Int64, now: Date) async throws {
        try RunQueueRules.checkRetryable(runs[id], id: id, now: now)
        guard var run = runs[id] else { throw RunQueueError.unknownRun(id) }
        run.status = .queued; run.attempt = 0; run.error = nil
        run.leaseOwner = nil; run.leaseExpiresAt = nil
        run.startedAt = nil; run.finishedAt = nil; run.heartbeatAt = nil
        runs[id] = run
        runMetrics[id] = nil
        runArtifacts[id] = nil
    }

    package func run(_ id: Int64) async throws -> QueuedRun? { runs[id] }

    package func list(_ filter: RunFilter) async throws -> [QueuedRun] {
        let matching = runs.values.filter { run in
            (filter.status.map { run.status == $0 } ?? true) && (filter.group.map { run.submission.group == $0 } ?? true)
        }
        return Array(matching.sorted { $0.id > $1.id }.prefix(max(0, filter.limit)))
    }

    package func metrics(run id: Int64) async throws -> [RunMetric] {
        guard runs[id] != nil else { throw RunQueueError.unknownRun(id) }
        return runMetrics[id] ?? []
    }

    package func artifacts(run id: Int64) async throws -> [RunArtifact] {
        guard runs[id] != nil else { throw RunQueueError.unknownRun(id) }
        return runArtifacts[id] ?? []
    }

    package func counts() async throws -> [RunStatus: Int] {
        var counts = Dictionary(uniqueKeysWithValues: RunStatus.allCases.map { ($0, 0) })
        for run in runs.values { counts[run.status, default: 0] += 1 }
        return counts
    }

    /// The run, if `worker` holds it (running under its lease, or cancelled while it ran).
    private func held(_ id: Int64, by worker: String) throws -> QueuedRun {
        try RunQueueRules.checkHeld(runs[id], id: id, by: worker)
    }
}
