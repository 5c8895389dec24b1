import SynthCore

/// What a client asks the queue to run: one cell of a grid spec. The spec travels whole (its normalized JSON,
/// ``ExperimentSpec/normalizedJSON``) so a worker on another machine runs exactly what was submitted, and the
/// result lands under `group` in the same run-directory layout `synthbench run` writes.
package struct RunSubmission: Sendable, Equatable, Codable {
    package var spec: JSONValue
    /// The cell id within the spec (``GridCell/id``).
    package var cellID: String
    /// The grid run this cell belongs to (the results directory name, e.g. the spec's default run id).
    package var group: String
    /// Claims allowed before a crashed or lease-expired run is failed for good.
    package var maxAttempts: Int

    package init(spec: JSONValue, cellID: String, group: String, maxAttempts: Int = 3) {
        self.spec = spec; self.cellID = cellID; self.group = group; self.maxAttempts = maxAttempts
    }
}
