import ArgumentParser
import Foundation
import Harness

/// `run|generate --python PATH | BACKEND=PATH`: the Python of the reference backends
/// (docs/reference-backends.md).
enum ReferencePythonOption {
    /// Applies the option to the spec (it overrides the spec's `python`) and refuses a grid with a reference
    /// backend that has no Python from the option, the spec or `SYNTHBENCH_PYTHON`.
    static func apply(_ values: [String], to spec: inout ExperimentSpec) throws {
        spec.python = try pythons(values, over: spec.python)
        try require(spec.backends, in: spec.python, otherwise: "add \"python\" to the spec")
    }

    /// `generate`'s Pythons: the option's, else `SYNTHBENCH_PYTHON`; refuses a reference backend without one.
    static func pythons(_ values: [String], for backend: GridBackend) throws -> [GridBackend: String] {
        let given = try pythons(values, over: [:])
        try require([backend], in: given, otherwise: nil)
        return ReferenceEnvironment.pythons(spec: given)
    }

    /// `base` with the option's values over it: `BACKEND=PATH` for one reference backend, `PATH` for all.
    static func pythons(_ values: [String], over base: [GridBackend: String]) throws -> [GridBackend: String] {
        let references = GridBackend.allCases.filter(\.isReference)
        var out = base
        for value in values {
            if let eq = value.firstIndex(of: "="), let b = GridBackend(rawValue: String(value[..<eq])) {
                guard b.isReference else { throw ValidationError("--python \(value): \(b.rawValue) is not a reference backend; use \(references.map(\.rawValue).joined(separator: " or "))") }
                out[b] = String(value[value.index(after: eq)...])
            } else {
                for b in references { out[b] = value }
            }
        }
        return out
    }

    /// Refuses a reference backend among `backends` that has no Python from `given` or `SYNTHBENCH_PYTHON`.
    static func require(_ backends: [GridBackend], in given: [GridBackend: String], otherwise: String?) throws {
        let pythons = ReferenceEnvironment.pythons(spec: given)
        for b in backends where b.isReference && pythons[b] == nil {
            let ways = ["give --python \(b.rawValue)=PATH", "set \(ReferenceEnvironment.pythonVariable)"] + (otherwise.map { [$0] } ?? [])
            throw ValidationError("backend \(b.rawValue) needs a Python environment with \(b.flavour.rawValue) installed: \(ways.dropLast().joined(separator: ", ")), or \(ways.last!) (docs/reference-backends.md)")
        }
    }
}
