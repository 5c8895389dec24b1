import Foundation
import SynthCore
import Synthesizers
import SynthTable
import SynthTestSupport
import Testing
@testable import Harness

/// A grid's `keep_synthetic`: each cell keeps its synthetic table as `cells/<id>.synthetic.csv`, the very table its
/// metrics saw; without the key nothing changes (hash, normalized spec, records).
@Suite struct KeepSyntheticTests {
    static let base = #""name": "k", "datasets": ["penguins"], "methods": ["gc"], "backends": ["sdv"], "suites": []"#

    func decode(_ extra: String) throws(ExperimentSpecError) -> ExperimentSpec {
        try ExperimentSpec.decode(Data("{\(Self.base)\(extra)}".utf8), source: "spec.json", availableDatasets: nil)
    }

    @Test func readsTheKeyAndKeepsOlderSpecsAsTheyWere() throws {
        let plain = try decode("")
        #expect(plain.keepSynthetic == nil)
        #expect(try decode(#", "keep_synthetic": false"#).keepSynthetic == nil)
        #expect(try decode(#", "keep_synthetic": null"#).keepSynthetic == nil)
        #expect(try decode(#", "keep_synthetic": true"#).keepSynthetic == .csv)
        #expect(try decode(#", "keep_synthetic": "csv""#).keepSynthetic == .csv)
        let parquet = try decode(#", "keep_synthetic": "parquet""#)
        #expect(parquet.keepSynthetic == .parquet)
        // Unset: not written, so the hash (the run directory) of every existing spec stays; false is unset.
        #expect(!(try plain.normalizedText()).contains("keep_synthetic"))
        #expect(try decode(#", "keep_synthetic": false"#).contentHash == plain.contentHash)
        // Set: written and hashed, so a run directory's cells all keep their tables or none do.
        #expect(try decode(#", "keep_synthetic": true"#).contentHash != plain.contentHash)
        #expect(parquet.contentHash != (try decode(#", "keep_synthetic": "csv""#).contentHash))
        let again = try ExperimentSpec.decode(Data(try parquet.normalizedText().utf8), availableDatasets: nil)
        #expect(again == parquet)
    }

    @Test(arguments: [#""xlsx""#, "1", #""CSV""#, "[]"])
    func badValuesNameTheKey(_ value: String) {
        do {
            _ = try decode(#", "keep_synthetic": "# + value)
            Issue.record("accepted keep_synthetic \(value)")
        } catch {
            #expect(error.path == "keep_synthetic")
            #expect(error.description.contains("\"parquet\""), "\(error)")
        }
    }

    /// The cell writes the table its pipeline produced (an independent in-process run of the same config and seed,
    /// encoded with the CSV writer) and a record equal to the one the same cell writes without the key.
    @Test func cellKeepsTheTableItsMetricsSaw() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("keep")
        defer { try? FileManager.default.removeItem(at: dir) }
        func runCell(_ spec: ExperimentSpec, _ name: String) throws -> (RunDirectory, CellResult) {
            let run = RunDirectory(url: dir.appendingPathComponent(name))
            try run.create()
            try AtomicFile.write(try spec.normalizedText(), to: run.spec)
            let id = spec.cells[0].id
            let request = CellExecution.Request(spec: run.spec, cellID: id, runID: "r", output: run.cellResult(id),
                                                datasetsDirectory: RepositoryPaths.datasets.path, fetchIfMissing: false)
            #expect(request.synthetic(.csv) == run.cellSynthetic(id, .csv))
            return (run, try CellExecution.run(request, context: SynthesisContext()))
        }
        let kept = try decode(#", "keep_synthetic": true"#)
        let (run, result) = try runCell(kept, "kept")
        let (plainRun, plain) = try runCell(try decode(""), "plain")
        let id = kept.cells[0].id
        #expect(result.status == .ok)

        let file = try Data(contentsOf: run.cellSynthetic(id, .csv))
        let config = kept.runConfig(for: kept.cells[0], fetchIfMissing: false, datasetsDirectory: RepositoryPaths.datasets.path)
        let expected = try CSVWriter().encode(try Pipeline(config: config).run(evaluate: false).synthetic)
        #expect(file == Data(expected))
        #expect(result.rows.synthetic == (try CSVReader().read(bytes: [UInt8](file)).rowCount))
        // Nothing but the file differs: the records match minus what is measured.
        #expect(!FileManager.default.fileExists(atPath: plainRun.cellSynthetic(id, .csv).path))
        #expect(try Self.substance(result) == (try Self.substance(plain)))
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.cells.path).sorted()
                == ["\(id).json", "\(id).progress.json", "\(id).synthetic.csv"])
    }

    /// Parquet goes through the writer factory the process was given (the command line passes Exports' writers),
    /// with the format and the `.parquet` path; without one, the cell stops as an output failure (no record).
    @Test func parquetGoesThroughTheGivenWriterOrIsAnOutputFailure() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("keep-pq")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try decode(#", "keep_synthetic": "parquet""#)
        let run = RunDirectory(url: dir.appendingPathComponent("pq"))
        try run.create()
        try AtomicFile.write(try spec.normalizedText(), to: run.spec)
        let id = spec.cells[0].id
        let request = CellExecution.Request(spec: run.spec, cellID: id, runID: "r", output: run.cellResult(id),
                                            datasetsDirectory: RepositoryPaths.datasets.path, fetchIfMissing: false)
        do {
            try CellExecution.run(request, context: SynthesisContext())
            Issue.record("a parquet table was kept without a parquet writer")
        } catch let error as OutputError {
            #expect(error.path == run.cellSynthetic(id, .parquet).path)
            #expect(error.description.contains("needs the Exports writers"), "\(error)")
        }
        #expect(CellResult.read(from: run.cellResult(id)) == nil)

        let asked = LockedList()
        let result = try CellExecution.run(request, context: SynthesisContext(), syntheticWriter: { format, url in
            asked.append("\(format.rawValue) \(url.lastPathComponent)")
            return try CSVStreamWriter(path: url.path)   // a stand-in: what matters here is what was asked for
        })
        #expect(result.status == .ok)
        #expect(asked.items == ["parquet \(id).synthetic.parquet"])
        #expect(FileManager.default.fileExists(atPath: run.cellSynthetic(id, .parquet).path))
    }

    final class LockedList: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        var items: [String] { lock.lock(); defer { lock.unlock() }; return list }
        func append(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    }

    /// The record as JSON without the measured fields (times, CPU, memory, throughput, the run id).
    static func substance(_ result: CellResult) throws -> JSONValue {
        guard case .object(var o) = try SynthJSON.decoder().decode(JSONValue.self, from: SynthJSON.encoder().encode(result)) else {
            return .null
        }
        for key in ["timings_s", "cpu_s", "peak_rss_mb", "throughput_rows_per_s"] { o[key] = nil }
        return .object(o)
    }
}
