import Synthesizers

/// What a grid cell runs on: one of SynthBench's own flavours (`sdv`, `synthcity`), or the real library
/// of that flavour run through its Python adapter (`sdv-python`, `synthcity-python`;
/// docs/reference-backends.md). ``Backend`` stays the flavour the generators are written in; a reference
/// backend maps to the flavour whose method names, parameter names and fallbacks it shares.
package enum GridBackend: String, CaseIterable, Sendable, Codable {
    case sdv
    case synthcity
    /// SDV itself (`sdv.single_table`), through `scripts/adapters/synthbench_adapter.py`.
    case sdvPython = "sdv-python"
    /// SynthCity itself (its tabular plugins), through the same adapter.
    case synthcityPython = "synthcity-python"

    package init(_ flavour: Backend, reference: Bool = false) {
        switch flavour {
        case .sdv: self = reference ? .sdvPython : .sdv
        case .synthcity: self = reference ? .synthcityPython : .synthcity
        }
    }

    /// The flavour: the backend itself, or for a reference backend the Swift flavour that mirrors it.
    package var flavour: Backend {
        switch self {
        case .sdv, .sdvPython: .sdv
        case .synthcity, .synthcityPython: .synthcity
        }
    }

    /// Whether cells of this backend run the real library in Python.
    package var isReference: Bool { self == .sdvPython || self == .synthcityPython }

    /// The backend of the same kind (native or reference) for `flavour`: where a fallback goes.
    package func sibling(_ flavour: Backend) -> GridBackend { GridBackend(flavour, reference: isReference) }
}
