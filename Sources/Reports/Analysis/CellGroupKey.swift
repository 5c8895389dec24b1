import Harness
import Synthesizers

/// What identifies a cell apart from its backend: dataset, the method as the grid names it, seed and
/// parameters. Two cells with equal keys and different backends are a comparison pair.
package struct CellGroupKey: Hashable, Sendable, Codable, Comparable {
    package var dataset: String
    package var method: String
    package var seed: UInt64
    /// The parameters as sorted `key=value` pairs joined by `, ` (empty for none).
    package var params: String

    package init(_ cell: CellResult) {
        dataset = cell.dataset
        method = cell.method
        seed = cell.seed
        params = Self.text(cell.params)
    }

    package static func text(_ params: [String: ParameterValue]) -> String {
        params.keys.sorted().map { "\($0)=\(params[$0]!)" }.joined(separator: ", ")
    }

    /// `method` with its parameters in brackets when it has any.
    package var methodLabel: String { params.isEmpty ? method : "\(method) [\(params)]" }

    package static func < (a: CellGroupKey, b: CellGroupKey) -> Bool {
        (a.method, a.params, a.dataset, a.seed) < (b.method, b.params, b.dataset, b.seed)
    }
}
