/// A key of a grid spec that names something on the host that runs it: an executable it starts or a file it reads.
/// On the user's own machine (`synthbench run`) the user chose the path; a spec that travels through the queue (the
/// service's `POST /v1/runs`, `synthbench queue submit`) is run by a worker on the operator's host, where it would let
/// whoever submits choose what that host executes or reads. The service refuses such a spec (400, the field's path),
/// `queue submit` refuses it, and a worker fails a run whose spec carries one without starting anything.
/// docs/service.md, docs/queue.md.
package struct ServerSideField: Sendable, Equatable {
    /// The key's JSON path in the spec: `python`, `quasi_identifiers[2]`.
    package var path: String
    /// Why a queued spec may not carry it, and what to do instead.
    package var reason: String

    package init(path: String, reason: String) { self.path = path; self.reason = reason }

    /// The rule of a quasi-identifier declaration that reads a file (`column:hierarchy=FILE@LEVEL`). Matched on the
    /// text alone (the column names are not known here): a column whose own name contains `:hierarchy=` is refused too.
    static let hierarchyRule = ":hierarchy="

    /// The fields of `spec` a queued run may not carry, in the order of ``ExperimentSpec/keys``; empty when it may be
    /// queued. The other keys name nothing a worker executes or reads (dataset names are registry names, checked as
    /// identifiers); `thresholds` names a file only `synthbench check` reads, never a worker (the service drops it).
    package static func find(in spec: ExperimentSpec) -> [ServerSideField] {
        var found: [ServerSideField] = []
        if !spec.python.isEmpty {
            found.append(ServerSideField(path: "python", reason:
                "a submitted spec may not choose the Python executable: a worker would run that path on its host. Leave `python` "
                + "out; each worker's SYNTHBENCH_PYTHON (set by its operator) chooses the reference backends' Python"))
        }
        for (i, declaration) in (spec.quasiIdentifiers ?? []).enumerated() where declaration.contains(hierarchyRule) {
            found.append(ServerSideField(path: "quasi_identifiers[\(i)]", reason:
                "a submitted spec may not use a hierarchy file (hierarchy=FILE@LEVEL): a worker would read that path on its "
                + "host, and a malformed file's error would echo its lines into the run's error. Use an inline rule "
                + "(interval=W[@O], cuts=a|b|c, prefix=N, truncate=year|month|day), or run a spec with hierarchy files "
                + "on your own machine with `synthbench run`"))
        }
        return found
    }
}
