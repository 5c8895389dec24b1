/// Why a queue operation was refused.
package enum RunQueueError: Error, Equatable, CustomStringConvertible {
    case unknownRun(Int64)
    /// The worker no longer holds the run (its lease expired and another worker claimed it, or it was never its).
    case leaseLost(run: Int64, worker: String)
    /// The operation does not apply to a run in this status (e.g. retrying a running run, finishing as `queued`).
    case invalidTransition(run: Int64, from: RunStatus, to: RunStatus)
    case invalidSubmission(String)
    /// The store failed (connection, SQL, file); the message names what.
    case store(String)

    package var description: String {
        switch self {
        case .unknownRun(let id): return "no run with id \(id)"
        case .leaseLost(let id, let worker): return "worker \(worker) no longer holds run \(id) (its lease expired or was taken)"
        case .invalidTransition(let id, let from, let to):
            // Said as the operator's command or request meets it: what the run is, and which runs the operation takes.
            switch to {
            case .queued where from == .running:
                return "run \(id) is running, or was cancelled and its worker has not stopped it yet; "
                    + "only a failed or cancelled run that no worker holds can be retried"
            case .queued:
                return "run \(id) \(from == .queued ? "is queued" : "already \(from.rawValue)"); only a failed or cancelled run can be retried"
            case .cancelled:
                return "run \(id) already \(from.rawValue); only queued or running runs can be cancelled"
            default:
                return "run \(id) cannot go from \(from.rawValue) to \(to.rawValue)"
            }
        case .invalidSubmission(let why): return "invalid submission: \(why)"
        case .store(let why): return "queue store: \(why)"
        }
    }
}
