import SynthTable
import Synthesizers

/// The grid a spec describes: its cells in a stable order, and each cell's run config.
extension ExperimentSpec {
    /// The grid in its stable order: dataset-major, then method, backend, seed (as listed).
    public var cells: [GridCell] {
        var out: [GridCell] = []
        for d in datasets {
            for m in methods {
                for b in backends {
                    for s in seeds {
                        for request in Self.isPrivate(m) ? dp : [nil] {
                            out.append(GridCell(dataset: d, method: m, backend: b, seed: s, params: params[m] ?? [:],
                                                dp: request))
                        }
                    }
                }
            }
        }
        return out
    }

    public func cell(id: String) -> GridCell? { cells.first { $0.id == id } }

    /// The run config of one cell.
    public func runConfig(for cell: GridCell, fetchIfMissing: Bool, datasetsDirectory: String?) -> RunConfig {
        var rowCount: Int? = nil, factor: Double? = nil
        switch rows {
        case .asReal: break
        case .count(let n): rowCount = n
        case .factor(let f): factor = f
        }
        return RunConfig(data: .dataset(cell.dataset), method: cell.method, backend: cell.backend, rows: rowCount,
                         seed: cell.seed, parameters: cell.params, postProcessing: postProcessing,
                         fetchIfMissing: fetchIfMissing, datasetsDirectory: datasetsDirectory, suites: suites,
                         rowsFactor: factor, csvPolicy: datasetOptions[cell.dataset] ?? CSVReadPolicy(),
                         holdoutFraction: holdout, dp: cell.dp)
            .cappingEvaluation(evalCap)
    }

    /// Whether `method` names a method with a DP guarantee on some backend.
    static func isPrivate(_ method: String) -> Bool {
        guard let name = MethodFactory.canonicalName(method) else { return false }
        return Backend.allCases.contains { MethodCatalog.descriptor(name, backend: $0)?.differentiallyPrivate == true }
    }
}
