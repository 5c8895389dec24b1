import Synthesizers

/// One run of a grid: a dataset, a method, a backend and a seed, with the method's parameters from the
/// spec. Its id, `<dataset>__<method>__<backend>__s<seed>` (e.g. `adult__gc__sdv__s0`), names its result
/// and log files and is stable across runs of the same spec.
public struct GridCell: Sendable, Equatable, Hashable {
    public var dataset: String
    /// The method as the spec names it.
    public var method: String
    public var backend: Backend
    public var seed: UInt64
    public var params: [String: ParameterValue]

    public init(dataset: String, method: String, backend: Backend, seed: UInt64, params: [String: ParameterValue] = [:]) {
        self.dataset = dataset; self.method = method; self.backend = backend; self.seed = seed; self.params = params
    }

    public var id: String { "\(dataset)__\(method)__\(backend.rawValue)__s\(seed)" }
}
