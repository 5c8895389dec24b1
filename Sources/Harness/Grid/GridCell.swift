import Synthesizers

/// One run of a grid: a dataset, a method, a backend and a seed, with the method's parameters from the
/// spec. Its id, `<dataset>__<method>__<backend>__s<seed>` (e.g. `adult__gc__sdv__s0`), names its result
/// and log files and is stable across runs of the same spec.
package struct GridCell: Sendable, Equatable, Hashable {
    package var dataset: String
    /// The method as the spec names it.
    package var method: String
    package var backend: GridBackend
    package var seed: UInt64
    package var params: [String: ParameterValue]
    /// The cell's DP request (a grid's `dp`), nil for none.
    package var dp: DPRequest?
    /// The cell's federated training (a grid's `federated`), nil for centralised.
    package var federated: FederatedRequest? = nil

    package init(dataset: String, method: String, backend: GridBackend, seed: UInt64, params: [String: ParameterValue] = [:],
                dp: DPRequest? = nil) {
        self.dataset = dataset; self.method = method; self.backend = backend; self.seed = seed; self.params = params
        self.dp = dp
    }

    /// With a DP request the id gains `__dp-e<epsilon>[-d<delta>][-public]` (e.g. `adult__dpgan__synthcity__s0__dp-e1`),
    /// with federated training `__fed-k<clients>-r<rounds>-<partition>[-<column>]`.
    package var id: String {
        var id = "\(dataset)__\(method)__\(backend.rawValue)__s\(seed)"
        if let dp {
            id += "__dp-e\(dp.epsilon)" + (dp.delta.map { "-d\($0)" } ?? "") + (dp.publicPreprocessing ? "-public" : "")
        }
        if let federated { id += "__" + federated.idSuffix }
        return id
    }
}
