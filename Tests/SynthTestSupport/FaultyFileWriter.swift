import Foundation
import SynthCore

/// A ``FileWriter`` over the real file system that fails chosen operations on chosen paths with a chosen
/// `errno` (disk full, permission denied, I/O error), and can report little free space: the seam the
/// fault-injection tests use, since a tiny tmpfs needs root.
package final class FaultyFileWriter: FileWriter, @unchecked Sendable {
    package init() {}

    package enum Operation: Sendable { case createDirectory, write, rename, sync, remove }

    struct Fault {
        var operation: Operation
        /// Matched against the path written (for a rename: the target).
        var path: @Sendable (String) -> Bool
        var code: Int32
        /// Matching calls that succeed before the fault starts.
        var after: Int
        /// How many calls fail once it started (nil: every one).
        var times: Int?
        var seen = 0
    }

    private let lock = NSLock()
    private let system = SystemFileWriter()
    private var faults: [Fault] = []
    private var freeBytes: UInt64?
    /// Every failure injected, as "operation path".
    package private(set) var injected: [String] = []

    /// Fails `operation` on paths matching `path` with `code`, after `after` matching calls succeeded.
    package func fail(_ operation: Operation, code: Int32, after: Int = 0, times: Int? = nil,
              where path: @escaping @Sendable (String) -> Bool) {
        lock.lock(); defer { lock.unlock() }
        faults.append(Fault(operation: operation, path: path, code: code, after: after, times: times))
    }

    /// Reports `bytes` free on every file system.
    package func reportFree(_ bytes: UInt64) { lock.lock(); freeBytes = bytes; lock.unlock() }

    /// Removes every fault (the disk was freed).
    package func heal() { lock.lock(); faults = []; freeBytes = nil; lock.unlock() }

    private func check(_ operation: Operation, _ url: URL, as op: OutputError.Operation) throws(OutputError) {
        lock.lock(); defer { lock.unlock() }
        for i in faults.indices where faults[i].operation == operation && faults[i].path(url.path) {
            faults[i].seen += 1
            if faults[i].seen > faults[i].after, faults[i].times.map({ faults[i].seen <= faults[i].after + $0 }) ?? true {
                injected.append("\(operation) \(url.path)")
                throw OutputError(path: url.path, operation: op, code: faults[i].code)
            }
        }
    }

    package func createDirectory(_ url: URL) throws(OutputError) {
        try check(.createDirectory, url, as: .createDirectory)
        try system.createDirectory(url)
    }

    package func write(_ data: Data, to url: URL) throws(OutputError) {
        try check(.write, url, as: .write)
        try system.write(data, to: url)
    }

    package func rename(_ from: URL, to: URL) throws(OutputError) {
        try check(.rename, to, as: .rename)
        try system.rename(from, to: to)
    }

    package func syncDirectory(_ url: URL) throws(OutputError) {
        try check(.sync, url, as: .sync)
        try system.syncDirectory(url)
    }

    package func syncFile(_ url: URL) throws(OutputError) {
        try check(.sync, url, as: .sync)
        try system.syncFile(url)
    }

    package func remove(_ url: URL) throws(OutputError) {
        try check(.remove, url, as: .remove)
        try system.remove(url)
    }

    package func availableBytes(at url: URL) -> UInt64? {
        lock.lock(); defer { lock.unlock() }
        return freeBytes ?? system.availableBytes(at: url)
    }
}
