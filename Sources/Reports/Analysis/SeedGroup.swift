import Harness

/// The finished cells of one method (with its parameters) on one dataset and one requested backend: the
/// seeds of one grid point, summarised as mean ± sd. Cells are grouped by the requested backend (the
/// grid's axis); a cell that fell back to another backend stays in its requested group and is flagged.
package struct SeedGroup: Sendable {
    package let method: String
    package let params: String
    package let dataset: String
    package let backend: String
    package let cells: [CellResult]

    /// `method` with its parameters in brackets when it has any.
    package var methodLabel: String { params.isEmpty ? method : "\(method) [\(params)]" }
    /// Whether any of its cells ran on a backend other than the requested one.
    package var hasFallback: Bool { cells.contains { $0.backend != nil && $0.backend != $0.backendRequested } }

    package func summary(_ value: (CellResult) -> Double?) -> SampleSummary? {
        SampleSummary(cells.compactMap(value))
    }

    /// The finished cells of `cells` grouped, ordered by method, parameters, dataset, backend.
    package static func groups(_ cells: [CellResult]) -> [SeedGroup] {
        let ok = cells.filter { $0.status == .ok }
        let byKey = Dictionary(grouping: ok) { c in
            [c.method, CellGroupKey.text(c.params), c.dataset, c.backendRequested]
        }
        let order = BackendOrder.sorted(ok.map(\.backendRequested))
        return byKey.map { key, cells in
            SeedGroup(method: key[0], params: key[1], dataset: key[2], backend: key[3],
                      cells: cells.sorted { $0.seed < $1.seed })
        }.sorted { a, b in
            if (a.method, a.params, a.dataset) != (b.method, b.params, b.dataset) {
                return (a.method, a.params, a.dataset) < (b.method, b.params, b.dataset)
            }
            return order.firstIndex(of: a.backend)! < order.firstIndex(of: b.backend)!
        }
    }
}
