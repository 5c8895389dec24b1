import SynthCore
import Evaluation
import Foundation
import SynthTable
import Synthesizers

/// A method of a real library (SDV or SynthCity) behind the ``Synthesizer`` protocol, so that a reference
/// cell runs the same pipeline as a Swift one: `fit` writes the training split SynthBench prepared (CSV and
/// the detected metadata, SDV's single-table format) into the cell's work directory, starts the adapter
/// (which checks its versions) and has the library fit; `sample` has it sample and write a CSV, which is
/// read back with the real table's column kinds. The adapter process ends after its sample.
final class ReferenceSynthesizer: Synthesizer {
    let library: Backend
    /// SynthBench's canonical method name (the adapter maps it to the library's class or plugin).
    let method: String
    /// Only the parameters the grid gave: every other one keeps the library's own default.
    let parameters: [String: ParameterValue]
    let python: String
    let adapter: String
    let workDirectory: URL
    private var process: ReferenceAdapter?
    /// The training table, kept to read the synthetic CSV with its column kinds.
    private var trained: Table?
    private var notes: [String: NoteValue] = [:]

    init(library: Backend, method: String, parameters: [String: ParameterValue], python: String, adapter: String,
         workDirectory: URL) {
        self.library = library; self.method = method; self.parameters = parameters; self.python = python
        self.adapter = adapter; self.workDirectory = workDirectory
    }

    var fitNotes: [String: NoteValue] { notes }

    func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws {
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        let train = workDirectory.appendingPathComponent("train.csv")
        let metadataFile = workDirectory.appendingPathComponent("metadata.json")
        try CSVWriter().write(table, to: train.path)
        try SynthJSON.encoder(pretty: true).encode(metadata.document).write(to: metadataFile)
        let process = try ReferenceAdapter(python: python, adapter: adapter, library: library, context: context)
        self.process = process
        notes["reference.library"] = .string(library.rawValue)
        notes["reference.library_version"] = .string(process.libraryVersion ?? "unknown")
        if case .string(let v) = process.ready["python"] { notes["reference.python_version"] = .string(v) }
        if case .object(let packages) = process.ready["packages"] {
            notes["reference.packages"] = .object(packages.compactMapValues { if case .string(let s) = $0 { .string(s) } else { nil } })
        }
        notes["reference.python"] = .string(python)
        let fitted = try process.request(["command": .string("fit"), "method": .string(method),
                                          "params": .object(parameters.mapValues(ExperimentSpec.json)),
                                          "train": .string(train.path), "metadata": .string(metadataFile.path),
                                          "seed": .number(Double(context.seed))],
                                         expecting: "fitted", context: context)
        if case .number(let s) = fitted["fit_s"] { notes["reference.library_fit_s"] = .number(s) }
        if case .string(let c) = fitted["library_class"] { notes["reference.library_method"] = .string(c) }
        if case .string(let n) = fitted["seed_note"] { notes["reference.seed"] = .string(n) }
        trained = table
    }

    func sample(count: Int, seed: UInt64, context: SynthesisContext) throws -> Table {
        // A second sample would need a second fit: the adapter process ends after the first.
        guard let process, let trained else { throw SynthesisError.notFitted(method: method) }
        let out = workDirectory.appendingPathComponent("synthetic.csv")
        let sampled = try process.request(["command": .string("sample"), "rows": .number(Double(count)),
                                           "seed": .number(Double(seed)), "out": .string(out.path)],
                                          expecting: "sampled", context: context)
        if case .number(let s) = sampled["sample_s"] { notes["reference.library_sample_s"] = .number(s) }
        // SynthBench's own reading while the adapter is alive; the adapter's report is the fallback.
        let reported: Double? = if case .number(let m) = sampled["peak_rss_mb"] { m } else { nil }
        if let peak = process.peakResidentMB ?? reported { notes["reference.python_peak_rss_mb"] = .number(peak) }
        // The adapter ends here, reaped by this process, so that its CPU time is in the cell's `wait4`
        // figures and its memory is free before the evaluation: one sample per fit (the pipeline's).
        process.finish()
        self.process = nil
        return try SyntheticFile.read(path: out.path, like: trained).table
    }

    deinit { process?.finish() }
}
