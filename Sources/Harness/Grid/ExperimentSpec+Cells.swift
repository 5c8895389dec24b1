import SynthTable
import Synthesizers

/// The grid a spec describes: its cells in a stable order, and each cell's run config.
extension ExperimentSpec {
    /// The grid in its stable order: dataset-major, then method, backend, seed (as listed).
    package var cells: [GridCell] {
        var out: [GridCell] = []
        for d in datasets {
            for m in methods {
                for b in backends {
                    for s in seeds {
                        for request in Self.isPrivate(m) ? dp : [nil] {
                            for federation in Self.trainsFederated(m, on: b) ? federated : [nil] {
                                var cell = GridCell(dataset: d, method: m, backend: b, seed: s,
                                                    params: parameters(of: m, on: b), dp: request)
                                cell.federated = federation
                                out.append(cell)
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    package func cell(id: String) -> GridCell? { cells.first { $0.id == id } }

    /// The parameters of `method` on `backend`: its `params` entry, then its `method@flavour` entry.
    package func parameters(of method: String, on backend: GridBackend) -> [String: ParameterValue] {
        (params[method] ?? [:]).merging(params[Self.flavourKey(method, backend.flavour)] ?? [:]) { _, flavour in flavour }
    }

    static func flavourKey(_ method: String, _ flavour: Backend) -> String { "\(method)@\(flavour.rawValue)" }

    /// The Swift descriptor a method's parameters are checked against on `backend` (a reference backend
    /// checks them against the flavour it mirrors: the names are the library's).
    static func descriptor(_ method: String, on backend: GridBackend) throws(SynthesisError) -> MethodDescriptor {
        backend.isReference ? try ReferenceCatalog.resolve(method: method, backend: backend).descriptor
            : try MethodFactory.resolve(method: method, backend: backend.flavour).descriptor
    }

    /// The run config of one cell.
    package func runConfig(for cell: GridCell, fetchIfMissing: Bool, datasetsDirectory: String?) -> RunConfig {
        var rowCount: Int? = nil, factor: Double? = nil
        switch rows {
        case .asReal: break
        case .count(let n): rowCount = n
        case .factor(let f): factor = f
        }
        return RunConfig(data: .dataset(cell.dataset), method: cell.method, backend: cell.backend.flavour, rows: rowCount,
                         seed: cell.seed, parameters: cell.params, postProcessing: postProcessing,
                         fetchIfMissing: fetchIfMissing, datasetsDirectory: datasetsDirectory, suites: suites,
                         rowsFactor: factor, csvPolicy: datasetOptions[cell.dataset] ?? CSVReadPolicy(),
                         holdoutFraction: holdout, dp: cell.dp)
            .cappingEvaluation(evalCap, classifier: evalCapClassifier, quadratic: evalCapQuadratic)
            .declaringQuasiIdentifiers(quasiIdentifiers)
            .settingShadowAttack(shadow)
            .federating(cell.federated)
    }

    /// Whether `method` on `backend` can train by federated averaging (SynthBench's own neural generators
    /// that train on encoded rows; not the reference backends).
    static func trainsFederated(_ method: String, on backend: GridBackend) -> Bool {
        guard !backend.isReference, let d = try? MethodFactory.resolve(method: method, backend: backend.flavour).descriptor,
              let synthesizer = try? d.make() else { return false }
        return synthesizer is any FederatedTrainable
    }

    /// Whether `method` names a method with a DP guarantee on some backend.
    static func isPrivate(_ method: String) -> Bool {
        guard let name = MethodFactory.canonicalName(method) else { return false }
        return Backend.allCases.contains { MethodCatalog.descriptor(name, backend: $0)?.differentiallyPrivate == true }
    }
}
