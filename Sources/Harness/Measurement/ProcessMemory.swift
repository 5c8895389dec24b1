import Foundation

/// Resident-memory figures from `/proc/<pid>/status` (Linux).
///
/// A cell reports its own peak (`VmHWM`, the high-water mark of its resident set) rather than the parent
/// reading `ru_maxrss` from `wait4`: glibc's `posix_spawn` runs the child on the parent's memory until
/// `exec`, and the kernel carries that pre-exec high-water mark into the child's `ru_maxrss`, so the
/// parent's size would leak into the figure (measured: a 50 MB child reported 534 MB after the parent
/// touched 500 MB; docs/runner.md).
public enum ProcessMemory {
    /// This process's peak resident set in MB (10⁶ bytes), or nil when /proc is unavailable.
    public static func peakResidentMB() -> Double? { peakResidentMB(statusPath: "/proc/self/status") }

    /// The peak resident set of process `pid` in MB, or nil when it cannot be read (e.g. it exited).
    public static func peakResidentMB(pid: Int32) -> Double? { peakResidentMB(statusPath: "/proc/\(pid)/status") }

    static func peakResidentMB(statusPath: String) -> Double? {
        guard let text = readProcFile(statusPath) else { return nil }
        return kilobytes(field: "VmHWM", in: text).map { Double($0) * 1024 / 1e6 }
    }

    /// Reads a /proc file with plain `read` calls: /proc files report size 0, so readers that trust the
    /// size (as `String(contentsOfFile:)` does) get nothing.
    static func readProcFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of a `Name:   1234 kB` line.
    static func kilobytes(field: String, in status: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = parts.first, let kb = Int(first) else { return nil }
            return kb
        }
        return nil
    }
}
