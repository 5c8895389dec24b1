import Foundation

/// The runs queue as the production worker has it (`runs`, `metrics`, `run_artifacts`), behind one protocol so the
/// worker, the `queue` commands and the service run the same code against every store: in memory
/// (``InMemoryRunQueue``), SQLite (target QueueSQLite) and PostgreSQL (target QueuePostgres). docs/queue.md.
///
/// Time is passed in (`now`) rather than read, so leases and expiry are testable without clocks.
/// Every method is atomic: two workers claiming at once never get the same run.
package protocol RunQueue: Sendable {
    /// Creates or upgrades the tables; safe to call on every start.
    func migrate() async throws
    /// Enqueues the submissions in order; returns their ids.
    func submit(_ submissions: [RunSubmission], now: Date) async throws -> [Int64]
    /// Claims the oldest claimable run for `worker` for `lease` seconds and counts the attempt: a queued run, or a
    /// running run whose lease expired (its worker died). A lease-expired run that has used its attempts is failed
    /// instead of claimed. Nil when there is nothing to do.
    func claim(worker: String, lease: TimeInterval, now: Date) async throws -> QueuedRun?
    /// Extends `worker`'s lease and returns the run's status: `cancelled` tells the worker to stop. Throws
    /// ``RunQueueError/leaseLost(run:worker:)`` when the worker no longer holds it.
    func heartbeat(run: Int64, worker: String, lease: TimeInterval, now: Date) async throws -> RunStatus
    /// Records how a claimed run ended, with its metrics and artifacts, in one transaction. A run cancelled while it
    /// ran stays cancelled (its metrics are still stored). Throws leaseLost when `worker` no longer holds it.
    func finish(run: Int64, worker: String, outcome: RunCompletion, now: Date) async throws
    /// Gives a held run back without an outcome: a worker stopping on a second SIGTERM or on a full disk
    /// (`countAttempt` false: the run was not at fault) or a crashed cell to be tried again (`countAttempt` true).
    /// The run is queued again with its lease cleared; a run cancelled while held is closed as cancelled instead.
    /// Throws leaseLost when `worker` no longer holds it. (Added with the stores; not called by the service.)
    func release(run: Int64, worker: String, countAttempt: Bool, now: Date) async throws
    /// Cancels a queued or running run and returns its status afterwards (a finished run keeps its status).
    func cancel(run: Int64, now: Date) async throws -> RunStatus
    /// Puts a failed or cancelled run back in the queue with fresh attempts.
    func retry(run: Int64, now: Date) async throws
    func run(_ id: Int64) async throws -> QueuedRun?
    func list(_ filter: RunFilter) async throws -> [QueuedRun]
    /// The run's metrics, by name.
    func metrics(run: Int64) async throws -> [RunMetric]
    /// The run's artifacts, by path.
    func artifacts(run: Int64) async throws -> [RunArtifact]
    /// Runs per status (every status present, zero when none), for queue depth and the service's gauges.
    func counts() async throws -> [RunStatus: Int]
}
