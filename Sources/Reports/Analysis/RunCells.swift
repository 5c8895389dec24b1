import Foundation
import SynthCore
import Harness

/// The cell results of one run, read from `RUN_DIR/cells/*.json` (one ``CellResult`` per file), so that
/// plots, comparisons and checks work on a run whose `results.json` was never written (a killed run).
package struct RunCells: Sendable {
    package let directory: URL
    /// Every cell, ordered by cell id.
    package let cells: [CellResult]

    package init(directory: URL, cells: [CellResult]) {
        self.directory = directory
        self.cells = cells.sorted { $0.cellID < $1.cellID }
    }

    /// The cells that finished (`status: ok`).
    package var finished: [CellResult] { cells.filter { $0.status == .ok } }
    /// The cells that did not (error, timeout, cancelled).
    package var failed: [CellResult] { cells.filter { $0.status != .ok } }
    /// How the run's quality is measured (see ``QualityMeasure``).
    package var quality: QualityMeasure { QualityMeasure.choose(for: cells) }
    /// The requested backends present, sdv and synthcity first, then the others by name.
    package var backends: [String] { BackendOrder.sorted(Set(cells.map(\.backendRequested))) }

    /// Reads every `*.json` in `runDirectory/cells` (hidden files, such as an atomic writer's temporary
    /// files, are skipped). Throws when the directory holds no cell, a file is not a cell result, or a
    /// cell was written by a newer schema than this build reads.
    package static func load(runDirectory: URL) throws(ReportError) -> RunCells {
        let fm = FileManager.default
        let cellsDir = runDirectory.appendingPathComponent("cells")
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: runDirectory.path, isDirectory: &isDir), isDir.boolValue else {
            throw .notARunDirectory(path: runDirectory.path, reason: "no such directory")
        }
        guard fm.fileExists(atPath: cellsDir.path, isDirectory: &isDir), isDir.boolValue else {
            throw .notARunDirectory(path: runDirectory.path, reason: "it has no cells/ directory (expected results/<experiment>/<run-id>/)")
        }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: cellsDir.path) } catch {
            throw .notARunDirectory(path: runDirectory.path, reason: "cannot list cells/: \(error.localizedDescription)")
        }
        // A running (or killed) cell's `<id>.progress.json` is not a result.
        let files = names.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".progress.json") && !$0.hasPrefix(".") }.sorted()
        guard !files.isEmpty else { throw .notARunDirectory(path: runDirectory.path, reason: "cells/ holds no cell result yet") }
        var cells: [CellResult] = []
        var seen: [String: String] = [:]
        for name in files {
            let url = cellsDir.appendingPathComponent(name)
            let cell: CellResult
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw .unreadableCell(file: url.path, reason: OutputError.systemReason(error))
            }
            do {
                cell = try SynthJSON.decoder().decode(CellResult.self, from: data)
            } catch let error as DecodingError {
                throw .unreadableCell(file: url.path, reason: JSONSyntaxError.explain(data, fallback: describe(error)))
            } catch {
                throw .unreadableCell(file: url.path, reason: error.localizedDescription)
            }
            guard cell.schemaVersion <= CellResult.schemaVersion else {
                throw .unreadableCell(file: url.path, reason: "schema_version \(cell.schemaVersion) is newer than this build reads (\(CellResult.schemaVersion)); update SynthBench")
            }
            if let other = seen[cell.cellID] { throw .duplicateCell(key: "cell_id \(cell.cellID)", first: other, second: name) }
            seen[cell.cellID] = name
            cells.append(cell)
        }
        // A cell copied in from another experiment would be compared and checked as if this grid had produced
        // it. (The run id is not compared: a run directory renamed and then resumed records its new name.)
        let experiments = Dictionary(grouping: cells, by: \.experiment)
        if experiments.count > 1 {
            throw .mixedRuns(path: runDirectory.path, cells: experiments.mapValues { $0.map(\.cellID).sorted() })
        }
        return RunCells(directory: runDirectory, cells: cells)
    }

    /// A decoding error as "key path: what was wrong".
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx): return "missing key '\(path(ctx.codingPath + [key]))'"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
            let at = path(ctx.codingPath)
            return at.isEmpty ? ctx.debugDescription : "\(at): \(ctx.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }
}

/// The order backends appear in tables and legends: `sdv`, `synthcity`, then any other by name.
package enum BackendOrder {
    package static func sorted<S: Sequence>(_ names: S) -> [String] where S.Element == String {
        let preferred = ["sdv", "synthcity"]
        return Array(Set(names)).sorted { a, b in
            let ia = preferred.firstIndex(of: a) ?? preferred.count, ib = preferred.firstIndex(of: b) ?? preferred.count
            return ia != ib ? ia < ib : a < b
        }
    }
}
