import Foundation

/// The built `synthbench` executable and helpers to run it from end-to-end tests.
/// `swift build --build-tests` builds it next to the test bundle.
public enum SynthBenchBinary {
    public struct NotBuilt: Error, CustomStringConvertible {
        public var searched: [String]
        public var description: String { "no synthbench executable (searched \(searched.joined(separator: ", "))); run `swift build --build-tests` first" }
    }

    /// The binaries' cache directory (the BLAS kernel verdicts, docs/blas.md): one per test process, so a
    /// test never depends on, or writes to, the user's ~/.cache; removed when the test process exits.
    public static let cacheHome: URL = {
        atexit { try? FileManager.default.removeItem(at: SynthBenchBinary.cacheDirectory(pid: getpid())) }
        return cacheDirectory(pid: getpid())
    }()

    static func cacheDirectory(pid: pid_t) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("synthbench-tests-cache-\(pid)")
    }

    /// Next to the test bundle (`.build/<triple>/debug/`), else `.build/debug/`.
    public static func path() throws -> String {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent()
        let candidates = [bundleDir.appendingPathComponent("synthbench").path,
                          RepositoryPaths.path(".build/debug/synthbench").path]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw NotBuilt(searched: candidates)
        }
        return found
    }

    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Starts `synthbench arguments...` in `directory` with the test-only methods on; output goes to files.
    /// `unsetting` names inherited variables the child must not see.
    public static func start(_ arguments: [String], in directory: URL, environment extra: [String: String] = [:],
                      unsetting: [String] = []) throws -> (Process, URL, URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["SYNTHBENCH_TEST_METHODS"] = "1"
        env["SYNTHBENCH_DATASETS_DIR"] = RepositoryPaths.datasets.path
        env["XDG_CACHE_HOME"] = cacheHome.path
        for (k, v) in extra { env[k] = v }
        for k in unsetting { env.removeValue(forKey: k) }
        process.environment = env
        let out = directory.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        let err = directory.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return (process, out, err)
    }

    /// Runs `synthbench arguments...` to the end.
    public static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                    unsetting: [String] = []) throws -> Output {
        let (process, out, err) = try start(arguments, in: directory, environment: environment, unsetting: unsetting)
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("synthbench-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// How long a test waits for an event before it calls the wait a hang: 15 minutes. Not a pass criterion:
    /// every event the tests wait for comes in seconds on an idle machine and within a few minutes at a load of
    /// 40 on 2 cores; the guard only turns a hang into a failure instead of a suite that never ends.
    public static let hangGuardSeconds: Double = 900

    /// Waits for the event itself: until `condition` holds (a file the child writes, a process gone), checking
    /// every 50 ms. False when `process`, the one that brings the event, has exited without it (the event can no
    /// longer come), or after ``hangGuardSeconds`` (a hang).
    public static func wait(for process: Process? = nil, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(hangGuardSeconds)
        while Date() < deadline {
            if condition() { return true }
            if let process, !process.isRunning { return condition() }
            usleep(50_000)
        }
        return condition()
    }
}
