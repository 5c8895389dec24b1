import Foundation
import SynthCore

/// The run directory of a grid whose cells queue workers run (`results/<experiment>/<group>/`), kept in the layout
/// `synthbench run` writes so that `plot`, `compare` and `check` read it unchanged: `spec.json` and
/// `environment.json` once, each cell's record and log as the cell writes them, and `results.json` /
/// `results.csv` rewritten from the cell records after every run. Several workers (processes, machines on a
/// shared file system) write the same directory: the rewrite happens under an exclusive lock on
/// `RUN_DIR/.results.lock`, so the last rewrite always sees every cell finished before it.
package struct GroupResults {
    package let spec: ExperimentSpec
    package let directory: RunDirectory
    let writer: any FileWriter

    /// A different spec already lives under this group.
    package struct SpecMismatch: Error, CustomStringConvertible {
        package var directory: String
        package var description: String { "\(directory) holds a run of a different spec; submit under another group (run id)" }
    }

    package init(spec: ExperimentSpec, resultsRoot: URL, group: String, writer: any FileWriter = SystemFileWriter()) {
        self.spec = spec
        self.directory = RunDirectory(root: resultsRoot, experiment: spec.name, runID: group)
        self.writer = writer
    }

    /// Creates the directory with `spec.json` and `environment.json` (first worker wins; later ones check the spec);
    /// `build` is the stamp of the executable the cells run.
    package func prepare(build: BuildStamp) throws {
        try locked {
            try directory.create(using: writer)
            if let data = try? Data(contentsOf: directory.spec) {
                let old = try? ExperimentSpec.decode(data, source: directory.spec.path, availableDatasets: nil, validatingMethods: false)
                guard old?.contentHash == spec.contentHash else { throw SpecMismatch(directory: directory.url.path) }
            } else {
                try AtomicFile.write(try spec.normalizedText(), to: directory.spec, using: writer)
            }
            if !FileManager.default.fileExists(atPath: directory.environment.path) {
                let environment = EnvironmentRecord.capture(blasThreads: spec.blasThreads, jobs: spec.jobs, build: build)
                try AtomicFile.write(try SynthJSON.string(environment, pretty: true) + "\n", to: directory.environment, using: writer)
            }
        }
    }

    /// Rewrites `results.json` and `results.csv` from the cell records on disk; returns how many cells have one.
    @discardableResult
    package func rewrite() throws -> Int {
        try locked {
            let cells = spec.cells
            let results = cells.compactMap { cell in CellResult.read(from: directory.cellResult(cell.id)).flatMap { $0.cellID == cell.id ? $0 : nil } }
            let done = Set(results.map(\.cellID))
            var environment = try SynthJSON.decoder().decode(EnvironmentRecord.self, from: Data(contentsOf: directory.environment))
            if done.count == cells.count { environment.finishedAt = EnvironmentRecord.timestamp() }
            try RunResults(experiment: spec.name, runID: directory.runID, environment: environment, spec: spec.normalizedJSON,
                           cells: results, pending: cells.map(\.id).filter { !done.contains($0) })
                .write(to: directory.resultsJSON, using: writer)
            try ResultsCSV.write(results, to: directory.resultsCSV, using: writer)
            return results.count
        }
    }

    private func locked<T>(_ body: () throws -> T) throws -> T {
        try directory.create(using: writer)
        let path = directory.url.appendingPathComponent(".results.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, operation: .write, code: errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw OutputError(path: path, operation: .write, code: errno) }
        }
        return try body()
    }
}
