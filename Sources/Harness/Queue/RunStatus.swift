/// Where a queued run is in its life, as the production worker's `runs.status` column has it.
package enum RunStatus: String, Sendable, Codable, CaseIterable {
    case queued, running, succeeded, failed, cancelled

    /// Succeeded, failed and cancelled runs change only through an explicit retry.
    package var isFinal: Bool { self != .queued && self != .running }
}
