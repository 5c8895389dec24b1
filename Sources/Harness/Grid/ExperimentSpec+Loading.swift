import Foundation
import SynthCore

/// Reading a spec file (docs/runner.md lists every key).
extension ExperimentSpec {
    /// Reads and validates a spec file. Relative `thresholds` paths are resolved against the file's folder
    /// and must exist. `availableDatasets` are the registry's names (nil: not checked).
    package static func load(contentsOf url: URL, availableDatasets: [String]?) throws(ExperimentSpecError) -> ExperimentSpec {
        let (reader, root) = try UserJSONFile.load(url, expected: "the grid spec's JSON file, e.g. experiments/quickstart.json",
                                                   describeReadFailure: OutputError.systemReason)
        let spec = try ExperimentSpecDecoder(reader: reader, baseDirectory: url.deletingLastPathComponent(),
                                             availableDatasets: availableDatasets, validatingMethods: true).decode(root)
        if let t = spec.thresholds, !FileManager.default.fileExists(atPath: t) {
            throw reader.fail("thresholds", "no such file: \(t)")
        }
        return spec
    }

    /// Decodes and validates a spec. Method names and parameters are checked through ``MethodFactory``
    /// for every backend of the spec (a method that falls back to another backend is checked against that
    /// one's parameter list) unless `validatingMethods` is false, which readers of a finished run use (the
    /// methods need not be registered in the reading process).
    package static func decode(_ data: Data, source: String = "<input>", baseDirectory: URL? = nil,
                              availableDatasets: [String]?,
                              validatingMethods: Bool = true) throws(ExperimentSpecError) -> ExperimentSpec {
        let reader = JSONPathReader(source: source)
        return try ExperimentSpecDecoder(reader: reader, baseDirectory: baseDirectory, availableDatasets: availableDatasets,
                                         validatingMethods: validatingMethods).decode(try reader.parse(data))
    }
}
