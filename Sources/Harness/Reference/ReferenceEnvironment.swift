import Foundation
import SynthNN
import Synthesizers

/// Where a reference cell finds Python and the adapter, and where it works: what ``RunConfig/reference``
/// carries for a cell of `sdv-python` or `synthcity-python`.
package struct ReferenceEnvironment: Sendable {
    /// The reference backend the cell asked for.
    package var backend: GridBackend
    /// The Python executable per reference backend (a fallback to the other library uses the other's).
    package var pythons: [GridBackend: String]
    /// `scripts/adapters/synthbench_adapter.py`; nil: found when the cell starts the adapter
    /// (``locateAdapter(executable:environment:)`` from this executable).
    package var adapter: String?
    /// The cell's work directory: the training split, its metadata and the library's synthetic CSV.
    package var workDirectory: URL

    /// The environment variable naming the Python for every reference backend the spec gives none.
    package static let pythonVariable = "SYNTHBENCH_PYTHON"
    /// The environment variable naming the adapter script (else it is looked for beside the executable).
    package static let adapterVariable = "SYNTHBENCH_ADAPTER"
    /// The adapter's path inside a SynthBench checkout.
    package static let adapterPath = "scripts/adapters/synthbench_adapter.py"

    package init(backend: GridBackend, pythons: [GridBackend: String], adapter: String? = nil, workDirectory: URL) {
        self.backend = backend; self.pythons = pythons; self.adapter = adapter; self.workDirectory = workDirectory
    }

    /// A reference backend's environment could not be set up.
    package struct Unavailable: Error, CustomStringConvertible {
        package var description: String
    }

    /// The Pythons of the reference backends: the spec's `python` (or `run --python`), else
    /// `SYNTHBENCH_PYTHON`.
    package static func pythons(spec: [GridBackend: String],
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> [GridBackend: String] {
        var out = spec
        if let shared = environment[pythonVariable], !shared.isEmpty {
            for b in GridBackend.allCases where b.isReference && out[b] == nil { out[b] = shared }
        }
        return out
    }

    /// The adapter: `SYNTHBENCH_ADAPTER`, else `scripts/adapters/synthbench_adapter.py` in the checkout
    /// holding `executable` (a `.build/...` binary) or in the current directory.
    package static func locateAdapter(executable: String,
                                     environment: [String: String] = ProcessInfo.processInfo.environment) throws(Unavailable) -> String {
        if let given = environment[adapterVariable], !given.isEmpty {
            guard FileManager.default.fileExists(atPath: given) else {
                throw Unavailable(description: "\(adapterVariable)=\(given): no such file")
            }
            return given
        }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates: [String] = []
        while folder.path != "/" {
            candidates.append(folder.appendingPathComponent(adapterPath).path)
            folder.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(adapterPath).path)
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        throw Unavailable(description: "cannot find the Python adapter \(adapterPath) above \(executable) or in the current directory; set \(adapterVariable)")
    }

    /// The method on this reference backend, as the pipeline records it: the Swift flavour's resolution of
    /// the method the library runs (its parameter list validates the grid's parameters).
    func resolve(method: String, dpRequested: Bool) throws -> MethodResolution {
        let r = try ReferenceCatalog.resolve(method: method, backend: backend, dpRequested: dpRequested)
        return try MethodFactory.resolve(method: r.descriptor.name, backend: r.used.flavour, dpRequested: dpRequested)
    }

    /// The synthesizer that runs `resolution`'s method in its library, with the parameters the grid gave.
    func synthesizer(for resolution: MethodResolution, given: [String: ParameterValue]) throws -> any Synthesizer {
        _ = try resolution.descriptor.make(given)   // the flavour's rules across parameters, before Python starts
        let used = GridBackend(resolution.backendUsed, reference: true)
        guard let python = pythons[used] else {
            let why = used == backend ? "" : " (\(backend.rawValue) runs no '\(resolution.descriptor.name)'; \(used.rawValue) does)"
            throw Unavailable(description: "\(used.rawValue) needs a Python environment with \(used.flavour.rawValue) installed\(why): give --python \(used.rawValue)=PATH (run or generate), \(Self.pythonVariable)=PATH or the spec's python")
        }
        let passed = try Self.libraryParameters(given)
        let script = try adapter ?? Self.locateAdapter(executable: Self.currentExecutable)
        return ReferenceSynthesizer(library: used.flavour, method: resolution.descriptor.name, parameters: passed,
                                    python: python, adapter: script, workDirectory: workDirectory)
    }

    /// The grid's parameters as the library is given them. `precision` is SynthBench's own parameter (how
    /// the Swift flavours multiply matrices): SDV and SynthCity compute in PyTorch's default float32, so
    /// `precision=fp32` asks for what they do anyway and is not passed on, while `bf16` is refused, since
    /// the libraries have no such mode.
    package static func libraryParameters(_ given: [String: ParameterValue]) throws(Unavailable) -> [String: ParameterValue] {
        guard let precision = given["precision"] else { return given }
        guard precision == .string(MatrixPrecision.fp32.rawValue) else {
            throw Unavailable(description: "precision=\(precision): the reference backends run SDV and SynthCity in their own fp32 (PyTorch's default), so they take precision=fp32 only; bf16 is SynthBench's own mode (backends sdv and synthcity)")
        }
        var passed = given
        passed["precision"] = nil
        return passed
    }

    /// This process's executable (`/proc/self/exe`, else argv[0]).
    static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
