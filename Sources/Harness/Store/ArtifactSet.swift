import Foundation
import SynthCore

/// Files that belong together (a run's `synthetic.csv`, `report.json`, `run.json`) committed into one
/// directory as a unit, so that a reader never sees a mixed set and a failed write leaves the previous
/// complete set (or nothing):
///
/// 1. every file is written and flushed into a hidden staging sibling `.<dir>.staging-<pid>`, which is
///    then flushed itself;
/// 2. an existing `<dir>` (the previous set) is renamed aside to `.<dir>.previous-<pid>`, the staging
///    directory is renamed to `<dir>`, the parent is flushed, and the previous set is removed.
///
/// Linux has no atomic directory exchange reachable from Swift (`renameat2(RENAME_EXCHANGE)` is not
/// imported), so between the two renames `<dir>` briefly does not exist; if the process dies exactly
/// then, the next commit (or ``recover(_:using:)``) puts the previous set back. A failed second rename
/// puts it back at once.
package enum ArtifactSet {
    /// Writes `files` (name -> bytes) as the complete content of `directory`.
    /// `written`: files already written and closed elsewhere on the same file system, moved into the set
    /// under their name (a streamed `synthetic.csv`; its contents are flushed before the move, then its entry).
    package static func commit(_ files: [(name: String, data: Data)], written: [(name: String, file: URL)] = [],
                              to directory: URL, using writer: any FileWriter = SystemFileWriter()) throws(OutputError) {
        let parent = directory.deletingLastPathComponent()
        try writer.createDirectory(parent)
        try recover(directory, using: writer)
        let staging = sibling(directory, "staging")
        try writer.remove(staging)
        do throws(OutputError) {
            try writer.createDirectory(staging)
            for f in files {
                do { try writer.write(f.data, to: staging.appendingPathComponent(f.name)) } catch {
                    // Named by the file the user asked for, not its staging copy.
                    throw OutputError(path: directory.appendingPathComponent(f.name).path, operation: error.operation,
                                      code: error.code, reason: error.reason, hint: error.hint)
                }
            }
            for f in written {
                try writer.syncFile(f.file)
                try writer.rename(f.file, to: staging.appendingPathComponent(f.name))
            }
            try writer.syncDirectory(staging)
        } catch {
            try? writer.remove(staging)
            throw error
        }
        let previous = sibling(directory, "previous")
        let hadPrevious = FileManager.default.fileExists(atPath: directory.path)
        if hadPrevious {
            do { try writer.rename(directory, to: previous) } catch {
                try? writer.remove(staging)
                throw error
            }
        }
        do { try writer.rename(staging, to: directory) } catch {
            if hadPrevious { try? writer.rename(previous, to: directory) }
            try? writer.remove(staging)
            throw error
        }
        try writer.syncDirectory(parent)
        if hadPrevious { try? writer.remove(previous) }
    }

    /// Cleans what a writer killed mid-commit left next to `directory`: stale staging directories are
    /// removed; when `directory` is missing, the newest previous set is renamed back.
    package static func recover(_ directory: URL, using writer: any FileWriter = SystemFileWriter()) throws(OutputError) {
        let parent = directory.deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        let base = "." + directory.lastPathComponent + "."
        for name in names where name.hasPrefix(base + "staging-") {
            try writer.remove(parent.appendingPathComponent(name))
        }
        let previous = names.filter { $0.hasPrefix(base + "previous-") }.sorted()
        if !FileManager.default.fileExists(atPath: directory.path), let last = previous.last {
            try writer.rename(parent.appendingPathComponent(last), to: directory)
        }
        for name in previous where FileManager.default.fileExists(atPath: parent.appendingPathComponent(name).path) {
            try writer.remove(parent.appendingPathComponent(name))
        }
    }

    static func sibling(_ directory: URL, _ role: String) -> URL {
        directory.deletingLastPathComponent().appendingPathComponent(".\(directory.lastPathComponent).\(role)-\(getpid())")
    }
}
