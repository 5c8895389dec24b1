import ArgumentParser
import Evaluation
import Foundation
import Harness
import SynthCore
import SynthTable

/// `synthbench evaluate`: scores a synthetic CSV against real data.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a synthetic table against the real one: quality and diagnostic reports, payload, statistics.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation
    @OptionGroup var csv: CSVReadOptions
    @OptionGroup var evalCap: EvalCapOption
    @OptionGroup var quasiIdentifiers: QuasiIdentifiersOption

    @Option(help: "The real data: a registered dataset name or a CSV file.") var real: String
    @Option(help: "A metadata JSON file for a real CSV file (docs/metadata.md).") var metadata: String?
    @Option(help: "The synthetic CSV file.") var synthetic: String
    @Option(name: .customLong("suite"), help: "Suites to run: \(MetricSuites.ids.joined(separator: ", ")) (repeatable; default \(SDMetricsSuite.id)).")
    var suites: [String] = []
    @Option(parsing: .unconditional, help: "Seed for subsamples and classifiers.") var seed: UInt64 = 0
    @Option(help: "Also write the results as JSON to this file.") var json: String?

    func validate() throws {
        try SuiteNames.validate(suites)
        if metadata != nil && !FileManager.default.fileExists(atPath: real) {
            throw ValidationError("--metadata applies to a CSV file given as --real; '\(real)' is no file, so it names a registered dataset, whose metadata comes from its manifest")
        }
    }

    func run() throws {
        global.apply()
        if let path = json {   // checked before the suites run, so their results are not lost at the end
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ValidationError("--json \(path) is a directory; give the path of the JSON file to write")
            }
            try OutputLocation.prepare(URL(fileURLWithPath: path).deletingLastPathComponent())
        }
        if !FileManager.default.fileExists(atPath: real) { try location.requireRegistered(real) }
        let (realTable, meta, holdout) = try loadReal()
        if let names = quasiIdentifiers.names {
            _ = try QuasiIdentifiersOption.usageErrors { try QuasiIdentifiers.resolve(names, in: meta, declaredAs: QuasiIdentifiersOption.name) }
        }
        let (syn, synNotes) = try SyntheticFile.read(path: synthetic, like: realTable, policy: csv.policy)
        Self.warn(synNotes.warnings, file: synthetic)
        if let names = quasiIdentifiers.names {  // their generalisations on both tables (a value a hierarchy file lacks)
            try QuasiIdentifiersOption.usageErrors {
                try QuasiIdentifiers.check(names, in: meta, on: [("real", realTable), ("synthetic", syn)], declaredAs: QuasiIdentifiersOption.name)
            }
        }
        let ids = suites.isEmpty ? [SDMetricsSuite.id] : suites
        let input = EvaluationInput(real: realTable, synthetic: syn, metadata: meta, holdout: holdout, seed: seed,
                                    caps: evalCap.caps, quasiIdentifiers: quasiIdentifiers.names)
        let results = MetricSuites.evaluate(try ids.map { try MetricSuites.named($0) }, on: input)
        if ids.contains(SDMetricsSuite.id) {
            let q = try QualityReport(real: realTable, synthetic: syn, metadata: meta, options: .init(seed: seed))
            let d = DiagnosticReport(real: realTable, synthetic: syn, metadata: meta)
            print("Quality report:    \(format(q.score))")
            for p in q.properties { print("  \(p.property): \(format(p.score))") }
            print("Diagnostic report: \(format(d.score))")
            for p in d.properties { print("  \(p.property): \(format(p.score))") }
        }
        for r in results where r.suite != SDMetricsSuite.id {
            print("\n\(r.suite):")
            for m in r.metrics {
                let v = m.value.map { String(format: "%.6f", $0) } ?? (m.status == .error ? "error: \(m.error ?? "")" : "n/a (\(m.reason ?? ""))")
                print("  \(m.id) = \(v)")
            }
        }
        if let path = json {
            try AtomicFile.write(try SynthJSON.string(results, pretty: true) + "\n", to: URL(fileURLWithPath: path))
        }
    }

    func loadReal() throws -> (Table, Metadata, Table?) {
        if FileManager.default.fileExists(atPath: real) {
            let (table, meta, notes) = try CSVWithMetadata.read(path: real, metadataPath: metadata, policy: csv.policy)
            Self.warn(notes.warnings + NumberLikeTextColumns.warnings(table), file: real)
            return (table, meta, nil)
        }
        let data = try PreparedData.load(.dataset(real), fetchIfMissing: true, datasetsDirectory: location.datasetsDir,
                                         csvPolicy: csv.policy)
        Self.warn(data.warnings, file: real)
        return (data.table, data.metadata, data.holdout)
    }

    static func warn(_ warnings: [String], file: String) {
        for w in warnings { FileHandle.standardError.write(Data("warning: \(file): \(w)\n".utf8)) }
    }

    func format(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "n/a" }
}
