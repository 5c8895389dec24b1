import Foundation
import Testing
@testable import Harness
import SynthTestSupport

/// The verdict cache: round trip, a key change, a corrupt file, and where it lives.
@Suite struct KernelCacheTests {
    static let key = KernelCache.Key(cpuFlags: ["avx2", "fma", "avx512f"], openblasConfig: "OpenBLAS 0.3.21 DYNAMIC_ARCH",
                                     openblasLibrary: "/usr/lib/libopenblas.so.0 (123 bytes)")
    static let checks = [BLASKernelRecord.Check(kernel: "Cooperlake", status: .crashed, detail: "SIGILL"),
                         BLASKernelRecord.Check(kernel: "SkylakeX", status: .passed, detail: "43 cases", worstErrorRatio: 0.01)]

    /// A cache inside a fresh temporary directory, which the test removes (`defer`).
    func temporaryCache() throws -> (KernelCache, root: URL) {
        let root = try SynthBenchBinary.temporaryDirectory("kernel-cache")
        return (KernelCache(url: root.appendingPathComponent("synthbench/blas-kernel.json")), root)
    }

    @Test func roundTrip() throws {
        let (cache, root) = try temporaryCache()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(cache.lookup(Self.key) == nil)
        try cache.store(Self.checks, for: Self.key)
        #expect(cache.lookup(Self.key) == Self.checks)
    }

    @Test func anotherKeyMisses() throws {
        let (cache, root) = try temporaryCache()
        defer { try? FileManager.default.removeItem(at: root) }
        try cache.store(Self.checks, for: Self.key)
        var other = Self.key
        other.openblasConfig = "OpenBLAS 0.3.26 DYNAMIC_ARCH"
        #expect(cache.lookup(other) == nil)
        var flags = Self.key
        flags.cpuFlags = "avx2 fma"
        #expect(cache.lookup(flags) == nil)
        var version = Self.key
        version.checkVersion += 1
        #expect(cache.lookup(version) == nil)
        // Both machines' verdicts are kept.
        try cache.store([Self.checks[1]], for: other)
        #expect(cache.lookup(Self.key) == Self.checks)
        #expect(cache.lookup(other) == [Self.checks[1]])
        // Storing a key again replaces its entry.
        try cache.store([Self.checks[0]], for: Self.key)
        #expect(cache.lookup(Self.key) == [Self.checks[0]])
    }

    @Test func corruptFileIsIgnoredAndRewritten() throws {
        let (cache, root) = try temporaryCache()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: cache.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        for garbage in ["{\"schema\": 1, \"entries\": [{\"key\": 3}]}", "not json", ""] {
            try Data(garbage.utf8).write(to: cache.url)
            #expect(cache.lookup(Self.key) == nil)
            try cache.store(Self.checks, for: Self.key)
            #expect(cache.lookup(Self.key) == Self.checks)
        }
        // No temporary file is left next to it.
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.url.deletingLastPathComponent().path)
        #expect(names == ["blas-kernel.json"])
    }

    @Test func location() {
        #expect(KernelCache.standard(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"])?.url.path
                == "/x/cache/synthbench/blas-kernel.json")
        // A relative XDG_CACHE_HOME is invalid by the XDG spec and ignored.
        #expect(KernelCache.standard(environment: ["XDG_CACHE_HOME": "rel", "HOME": "/home/u"])?.url.path
                == "/home/u/.cache/synthbench/blas-kernel.json")
        #expect(KernelCache.standard(environment: [:]) == nil)
    }
}
