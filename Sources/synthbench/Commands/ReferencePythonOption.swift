import ArgumentParser
import Foundation
import Harness

/// `run --python PATH | BACKEND=PATH`: the Python of the reference backends (docs/reference-backends.md).
enum ReferencePythonOption {
    /// Applies the option to the spec (it overrides the spec's `python`) and refuses a grid with a reference
    /// backend that has no Python from the option, the spec or `SYNTHBENCH_PYTHON`.
    static func apply(_ values: [String], to spec: inout ExperimentSpec) throws {
        let references = GridBackend.allCases.filter(\.isReference)
        for value in values {
            if let eq = value.firstIndex(of: "="), let b = GridBackend(rawValue: String(value[..<eq])) {
                guard b.isReference else { throw ValidationError("--python \(value): \(b.rawValue) is not a reference backend; use \(references.map(\.rawValue).joined(separator: " or "))") }
                spec.python[b] = String(value[value.index(after: eq)...])
            } else {
                for b in references { spec.python[b] = value }
            }
        }
        let pythons = ReferenceEnvironment.pythons(spec: spec.python)
        for b in spec.backends where b.isReference && pythons[b] == nil {
            throw ValidationError("backend \(b.rawValue) needs a Python environment with \(b.flavour.rawValue) installed: give --python \(b.rawValue)=PATH, set \(ReferenceEnvironment.pythonVariable), or add \"python\" to the spec (docs/reference-backends.md)")
        }
    }
}
