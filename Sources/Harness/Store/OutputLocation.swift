import Foundation
import SynthCore

/// Checks an output location before any work (no dataset is loaded and nothing is fitted before the
/// output is known to be writable): the path is a directory or can be created as one (never a file), a
/// file can be created and removed in it, and its file system has room for a conservative estimate of
/// what the command writes. Every failure is an ``OutputError`` naming the path, in well under a second.
///
/// `generate`, `run`, `compare` and `plot` call it; later report and export commands should too.
package enum OutputLocation {
    /// Room every command needs beyond its own estimate (logs, temporary files, plots).
    package static let minimumFreeBytes: UInt64 = 16_000_000

    /// Prepares `directory` (creating it and its parents) for output of about `estimatedBytes`.
    /// `onlyHolding`, when given, are the only names the directory may already contain (an artifact set
    /// that will be replaced); anything else there is refused, so replacing the set can never take a
    /// user's other files with it. Hidden names (temporary files, staging siblings) are ignored.
    package static func prepare(_ directory: URL, estimatedBytes: UInt64 = 0, onlyHolding: Set<String>? = nil,
                               using writer: any FileWriter = SystemFileWriter()) throws(OutputError) {
        let path = directory.standardizedFileURL
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path.path, isDirectory: &isDir), !isDir.boolValue {
            throw OutputError(path: path.path, operation: .check, code: ENOTDIR,
                              reason: "it is an existing file, not a directory",
                              hint: "give a directory path (it is created when missing)")
        }
        if let allowed = onlyHolding, isDir.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? []
            let foreign = names.filter { !$0.hasPrefix(".") && !allowed.contains($0) }.sorted()
            if !foreign.isEmpty {
                throw OutputError(path: path.path, operation: .check, code: nil,
                                  reason: "it holds other files (\(foreign.prefix(5).joined(separator: ", "))\(foreign.count > 5 ? ", ..." : "")); the output directory is replaced as a whole",
                                  hint: "choose a new or empty directory, or one holding only \(allowed.sorted().joined(separator: ", "))")
            }
        }
        try writer.createDirectory(path)
        try writer.probeWrite(in: path)
        let needed = estimatedBytes + minimumFreeBytes
        if let free = writer.availableBytes(at: path), free < needed {
            throw OutputError(path: path.path, operation: .check, code: ENOSPC,
                              reason: "only \(megabytes(free)) MB free; this command needs about \(megabytes(needed)) MB (a conservative estimate)")
        }
    }

    static func megabytes(_ bytes: UInt64) -> String { String(format: "%.1f", Double(bytes) / 1e6) }
}
