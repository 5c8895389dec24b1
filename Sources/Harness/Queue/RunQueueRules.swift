import Foundation

/// The checks every store makes before changing a run, in one place so the stores cannot drift apart.
package enum RunQueueRules {
    /// Whether `run` is held by `worker` (running under its lease, or cancelled while it ran), else the error.
    package static func checkHeld(_ run: QueuedRun?, id: Int64, by worker: String) throws -> QueuedRun {
        guard let run else { throw RunQueueError.unknownRun(id) }
        guard run.leaseOwner == worker, run.status == .running || run.status == .cancelled else {
            throw RunQueueError.leaseLost(run: id, worker: worker)
        }
        return run
    }

    /// Whether a failed or cancelled run may be queued again: not while a worker still holds it under a live
    /// lease (cancelled while running, not yet reported).
    package static func checkRetryable(_ run: QueuedRun?, id: Int64, now: Date) throws {
        guard let run else { throw RunQueueError.unknownRun(id) }
        guard run.status == .failed || run.status == .cancelled else {
            throw RunQueueError.invalidTransition(run: id, from: run.status, to: .queued)
        }
        if run.leaseOwner != nil, let expiry = run.leaseExpiresAt, expiry > now {
            throw RunQueueError.invalidTransition(run: id, from: .running, to: .queued)
        }
    }
}
