import SynthCore

/// What can go wrong reading a run for plots, comparisons and checks: each case names the file, key or
/// value at fault and what was expected.
package enum ReportError: Error, Equatable, CustomStringConvertible {
    /// The directory is not a run directory (missing, no `cells/`, or no cell files in it).
    case notARunDirectory(path: String, reason: String)
    /// A cell file could not be read or decoded.
    case unreadableCell(file: String, reason: String)
    /// Two cell files describe the same cell.
    case duplicateCell(key: String, first: String, second: String)
    /// `cells/` holds the results of more than one experiment (cell ids by experiment name).
    case mixedRuns(path: String, cells: [String: [String]])
    /// A metric path no suite defines.
    case unknownMetricPath(path: String, location: String, known: [String])
    /// A threshold or tolerance file is malformed at `location` (a key path such as `overrides[1].method`).
    case invalidFile(file: String, location: String, reason: String)
    /// A command-line value is malformed.
    case invalidOption(name: String, value: String, expected: String)
    /// A backend the run does not contain.
    case unknownBackend(name: String, option: String, available: [String])
    /// Writing an output file failed; `code` is the system's `errno` when it gave one (a full disk is then
    /// told apart from other failures: ``outputError``).
    case writeFailed(path: String, reason: String, code: Int32? = nil)

    package var description: String {
        switch self {
        case .notARunDirectory(let path, let reason):
            return "\(path) is not a run directory: \(reason)"
        case .unreadableCell(let file, let reason):
            return "cannot read cell result \(file): \(reason)"
        case .duplicateCell(let key, let first, let second):
            return "cells \(first) and \(second) are the same cell (\(key)); remove one of them"
        case .mixedRuns(let path, let cells):
            let runs = cells.keys.sorted { (cells[$0]!.count, $1) > (cells[$1]!.count, $0) }   // the largest first
            let listed = runs.map { run in
                let ids = cells[run]!
                return "\(run) (\(ids.count) cell\(ids.count == 1 ? "" : "s")\(ids.count <= 3 ? ": " + ids.joined(separator: ", ") : ""))"
            }
            return "\(path)/cells holds the results of \(runs.count) experiments: \(listed.joined(separator: "; ")); "
                + "a run directory holds one run's cells: move the others out (`synthbench report --compare` reads two runs together)"
        case .unknownMetricPath(let path, let location, let known):
            // A typo close to a known path is named first: the full list runs to a hundred paths.
            let hint = ClosestName.suggestion(for: path, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            return "\(location): unknown metric path '\(path)'\(hint); known paths: \(known.joined(separator: ", "))"
        case .invalidFile(let file, let location, let reason):
            return "\(file): \(location.isEmpty ? "" : "\(location): ")\(reason)"
        case .invalidOption(let name, let value, let expected):
            return "\(name) '\(value)' is invalid: expected \(expected)"
        case .unknownBackend(let name, let option, let available):
            return "\(option) '\(name)': the run has no cells for that backend; it has \(available.joined(separator: ", "))"
        case .writeFailed(let path, let reason, _):
            return "cannot write \(path): \(reason)"
        }
    }

    /// A write failure the system gave a reason code for, as the ``OutputError`` it was (path, errno), so a caller
    /// can stop on ``OutputError/isStorageFailure`` as for any other output (the queue worker's report step).
    package var outputError: OutputError? {
        guard case .writeFailed(let path, let reason, let code?) = self else { return nil }
        return OutputError(path: path, operation: .write, code: code, reason: reason)
    }
}

extension ReportError {
    /// A threshold or tolerance file's located error (file, JSON path, reason).
    init(_ error: JSONPathError) {
        self = .invalidFile(file: error.source, location: error.path, reason: error.message)
    }
}
