import Foundation

/// Reads Linux `/proc` files. They report size 0, so readers that trust the size (as
/// `String(contentsOfFile:)` does) get nothing; this reads with plain `read` calls until end of file.
public enum ProcFile {
    /// The whole file as text, or nil when it cannot be opened (not Linux, or the process has exited).
    public static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of a `Name:   1234 kB` line (`/proc/*/status`, `/proc/meminfo`).
    public static func kilobytes(field: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = parts.first, let kb = Int(first) else { return nil }
            return kb
        }
        return nil
    }

    /// The value of the first `key : value` line (`/proc/cpuinfo`), trimmed.
    public static func value(of key: String, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
