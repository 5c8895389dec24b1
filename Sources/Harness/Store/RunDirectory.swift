import Foundation

/// The files of one grid run, `results/<experiment>/<run-id>/`:
///
///     spec.json                       the normalized spec (every key, defaults filled in)
///     environment.json                machine, toolchain, OpenBLAS, git commit, start and end
///     results.json                    every finished cell with the environment and spec
///     results.csv                     one flat row per finished cell
///     cells/<cell-id>.json            one CellResult per cell (written by the cell, completed by the runner)
///     cells/<cell-id>.progress.json   while a cell runs: its phase and the timings so far (removed after)
///     logs/<cell-id>.log              the cell's standard output and error, one header line per attempt
public struct RunDirectory: Sendable, Equatable {
    public let url: URL

    public init(url: URL) { self.url = url.standardizedFileURL }

    /// `root/<experiment>/<runID>`.
    public init(root: URL, experiment: String, runID: String) {
        self.init(url: root.appendingPathComponent(experiment).appendingPathComponent(runID))
    }

    public var runID: String { url.lastPathComponent }
    public var spec: URL { url.appendingPathComponent("spec.json") }
    public var environment: URL { url.appendingPathComponent("environment.json") }
    public var resultsJSON: URL { url.appendingPathComponent("results.json") }
    public var resultsCSV: URL { url.appendingPathComponent("results.csv") }
    public var cells: URL { url.appendingPathComponent("cells") }
    public var logs: URL { url.appendingPathComponent("logs") }

    public func cellResult(_ id: String) -> URL { cells.appendingPathComponent("\(id).json") }
    public func cellProgress(_ id: String) -> URL { cells.appendingPathComponent("\(id).progress.json") }
    public func cellLog(_ id: String) -> URL { logs.appendingPathComponent("\(id).log") }

    /// Creates the directory and its `cells/` and `logs/` folders.
    public func create(using writer: any FileWriter = SystemFileWriter()) throws(OutputError) {
        for dir in [url, cells, logs] { try writer.createDirectory(dir) }
    }
}
