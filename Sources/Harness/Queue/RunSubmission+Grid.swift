import Foundation

extension RunSubmission {
    /// One submission per cell of `spec` (all of them, or those named in `cells`, in grid order), under `group`
    /// (default: the spec's run id, so the results land where `synthbench run` would put them). A spec that chooses
    /// what a worker's host executes or reads (``ServerSideField``) is refused.
    package static func grid(_ spec: ExperimentSpec, group: String? = nil, cells: [String] = [],
                             maxAttempts: Int = 3) throws -> [RunSubmission] {
        let group = group ?? spec.defaultRunID
        guard !group.isEmpty, !group.contains("/"), !group.hasPrefix(".") else {
            throw RunQueueError.invalidSubmission("the group (run id) must be a plain folder name, got '\(group)'")
        }
        // A worker would refuse the runs (``QueueWorker``): say so now, before anything is queued.
        if let field = ServerSideField.find(in: spec).first {
            throw RunQueueError.invalidSubmission("the spec's \(field.path): \(field.reason)")
        }
        let known = Set(spec.cells.map(\.id))
        if let unknown = cells.first(where: { !known.contains($0) }) {
            throw RunQueueError.invalidSubmission("the spec \(spec.name) has no cell '\(unknown)'")
        }
        let chosen = cells.isEmpty ? spec.cells : spec.cells.filter { cells.contains($0.id) }
        let json = spec.normalizedJSON
        return chosen.map { RunSubmission(spec: json, cellID: $0.id, group: group, maxAttempts: maxAttempts) }
    }
}
