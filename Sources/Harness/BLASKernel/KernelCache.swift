import Foundation
import SynthCore

/// Self-check verdicts remembered per machine and library, so the check runs once, not at every start:
/// `$XDG_CACHE_HOME/synthbench/blas-kernel.json` (else `~/.cache/synthbench/blas-kernel.json`).
/// Written atomically; a file that does not parse is ignored (and rewritten after the next check).
package struct KernelCache {
    /// What a verdict depends on: a change of CPU flags, OpenBLAS build or library file, or of the
    /// self-check itself (``KernelCache/checkVersion``) makes the old verdict irrelevant.
    package struct Key: Codable, Sendable, Equatable {
        /// The CPU flags, sorted and space-separated.
        package var cpuFlags: String
        /// `openblas_get_config()` with OpenBLAS's own detection (it includes the version).
        package var openblasConfig: String
        /// The loaded libopenblas file and its size in bytes (nil when it cannot be found).
        package var openblasLibrary: String?
        package var checkVersion: Int

        package init(cpuFlags: Set<String>, openblasConfig: String, openblasLibrary: String?,
                    checkVersion: Int = KernelCache.checkVersion) {
            self.cpuFlags = cpuFlags.sorted().joined(separator: " ")
            self.openblasConfig = openblasConfig; self.openblasLibrary = openblasLibrary
            self.checkVersion = checkVersion
        }

        enum CodingKeys: String, CodingKey {
            case cpuFlags = "cpu_flags", openblasConfig = "openblas_config", openblasLibrary = "openblas_library"
            case checkVersion = "check_version"
        }
    }

    struct Entry: Codable {
        var key: Key
        var checks: [BLASKernelRecord.Check]
        var checkedAt: String
        enum CodingKeys: String, CodingKey { case key, checks, checkedAt = "checked_at" }
    }

    struct File: Codable {
        var schema: Int
        var entries: [Entry]
    }

    /// Bump when ``KernelSelfCheck`` changes what it checks, so old verdicts are re-checked.
    package static let checkVersion = 1
    /// Entries kept (the most recently written first): one per machine/library a home directory has seen.
    static let capacity = 16

    package let url: URL
    package init(url: URL) { self.url = url }

    /// The default location from the environment; nil when neither `XDG_CACHE_HOME` nor `HOME` is set.
    package static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> KernelCache? {
        let base: URL
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg)
        } else if let home = environment["HOME"], !home.isEmpty {
            base = URL(fileURLWithPath: home).appendingPathComponent(".cache")
        } else {
            return nil
        }
        return KernelCache(url: base.appendingPathComponent("synthbench/blas-kernel.json"))
    }

    /// The verdicts stored for `key`, or nil (no file, no entry, or a file that does not parse).
    package func lookup(_ key: Key) -> [BLASKernelRecord.Check]? {
        read()?.entries.first { $0.key == key }?.checks
    }

    /// Stores the verdicts for `key`, replacing an older entry with the same key.
    package func store(_ checks: [BLASKernelRecord.Check], for key: Key) throws {
        var entries = read()?.entries.filter { $0.key != key } ?? []
        entries.insert(Entry(key: key, checks: checks, checkedAt: EnvironmentRecord.timestamp()), at: 0)
        let encoder = SynthJSON.encoder(pretty: true)
        let data = try encoder.encode(File(schema: 1, entries: Array(entries.prefix(Self.capacity))))
        try AtomicFile.write(data + Data("\n".utf8), to: url)
    }

    private func read() -> File? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? SynthJSON.decoder().decode(File.self, from: data)
    }

    /// The libopenblas file mapped into this process and its size, from /proc/self/maps.
    package static func loadedOpenBLAS() -> String? {
        guard let maps = ProcFile.read("/proc/self/maps") else { return nil }
        for line in maps.split(separator: "\n") {
            guard let path = line.split(separator: " ", omittingEmptySubsequences: true).last,
                  path.hasPrefix("/"), path.contains("libopenblas") else { continue }
            let size = (try? FileManager.default.attributesOfItem(atPath: String(path))[.size] as? Int) ?? nil
            return "\(path) (\(size.map(String.init) ?? "?") bytes)"
        }
        return nil
    }
}
