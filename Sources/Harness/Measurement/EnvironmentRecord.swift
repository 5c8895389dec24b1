import Foundation
import SynthCore
import SynthMath
import SynthNN

/// Where and with what a run ran: `RUN_DIR/environment.json`. Every key is always written (null when
/// unknown: the optional fields are `@NullWhenAbsent`). A resumed run rewrites it for the new invocation and keeps the earlier ones in `previous`.
package struct EnvironmentRecord: Codable, Sendable, Equatable {
    package struct BLASInfo: Codable, Sendable, Equatable {
        /// The kernel OpenBLAS selected (`openblas_get_corename`, e.g. `Haswell`).
        package var core: String
        /// The thread count each cell sets (the spec's `blas_threads`).
        package var threads: Int
        /// OpenBLAS's build configuration string.
        package var config: String
        /// `OPENBLAS_CORETYPE` when set (it forces the kernel).
        @NullWhenAbsent package var coretypeEnv: String?
        /// How the kernel was chosen, and the self-check behind it (docs/blas.md); null in records written
        /// before kernel selection existed.
        @NullWhenAbsent package var selection: BLASKernelRecord?

        enum CodingKeys: String, CodingKey { case core, threads, config, coretypeEnv = "coretype_env", selection }
    }

    package struct OSInfo: Codable, Sendable, Equatable {
        /// `PRETTY_NAME` from /etc/os-release.
        package var name: String?
        /// `uname` sysname, release, version and machine.
        package var kernel: String
        package var release: String
        package var version: String
        package var machine: String
    }

    package var synthbenchVersion: String
    /// The commit the executable was built from (``BuildStamp/commit``); nil when built outside a git checkout.
    /// Records written before the build stamp hold the checkout's HEAD at run time instead (docs/results-schema.md).
    @NullWhenAbsent package var gitCommit: String?
    /// Whether the build had uncommitted changes to tracked files (``BuildStamp/dirty``); nil without a commit.
    @NullWhenAbsent package var gitDirty: Bool?
    /// `debug` or `release` (``BuildStamp/configuration``); null in records written before the build stamp.
    @NullWhenAbsent package var buildConfiguration: String? = nil
    /// The compiler that built the executable, to minor-version precision (`#if compiler`).
    package var swiftCompiler: String
    /// The first line of `swift --version` at run time, when a toolchain is on the PATH.
    @NullWhenAbsent package var swiftToolchain: String?
    @NullWhenAbsent package var cpuModel: String?
    /// Online logical processors.
    package var cores: Int
    @NullWhenAbsent package var memoryTotalMB: Double?
    package var blas: BLASInfo
    /// The bf16 matrix-product kernel and why (docs/nn.md), when a method of the grid asks for
    /// `precision=bf16`; null otherwise and in records written before the option existed.
    @NullWhenAbsent package var bf16: BF16Selection? = nil
    package var os: OSInfo
    package var hostname: String
    /// The command line of this invocation.
    package var command: [String]
    package var jobs: Int
    /// ISO 8601 UTC.
    package var startedAt: String
    @NullWhenAbsent package var finishedAt: String?
    /// Earlier invocations of the same run directory (a resumed run), oldest first.
    package var previous: [EnvironmentRecord]

    enum CodingKeys: String, CodingKey {
        case synthbenchVersion = "synthbench_version", gitCommit = "git_commit", gitDirty = "git_dirty"
        case buildConfiguration = "build_configuration"
        case swiftCompiler = "swift_compiler", swiftToolchain = "swift_toolchain", cpuModel = "cpu_model", cores
        case memoryTotalMB = "memory_total_mb", blas, bf16, os, hostname, command, jobs
        case startedAt = "started_at", finishedAt = "finished_at", previous
    }

    /// Records the current machine and process, and `build`, the stamp of the executable the cells run (this
    /// process's own: the run's code is the build's, not whatever its checkout holds at run time).
    package static func capture(blasThreads: Int, jobs: Int, build: BuildStamp,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> EnvironmentRecord {
        EnvironmentRecord(
            synthbenchVersion: SynthBenchVersion.string, gitCommit: build.commit, gitDirty: build.dirty,
            buildConfiguration: build.configuration,
            swiftCompiler: compilerVersion, swiftToolchain: run(["swift", "--version"])?.split(separator: "\n").first.map(String.init),
            cpuModel: CPUFeatures.modelName(), cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryTotalMB: ProcessMemory.machineTotalMB(),
            blas: BLASInfo(core: BLAS.coreName, threads: blasThreads, config: BLAS.config,
                           coretypeEnv: environment["OPENBLAS_CORETYPE"],
                           selection: BLASKernelRecord.current),
            os: osInfo(), hostname: ProcessInfo.processInfo.hostName, command: CommandLine.arguments, jobs: jobs,
            startedAt: timestamp(), finishedAt: nil, previous: [])
    }

    /// Now as ISO 8601 UTC with seconds.
    package static func timestamp(_ date: Date = Date()) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static var compilerVersion: String {
        #if compiler(>=6.5)
        return ">=6.5"
        #elseif compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "<6.1"
        #endif
    }

    static func osInfo() -> OSInfo {
        var u = utsname()
        uname(&u)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        var pretty: String? = nil
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) {
            for line in release.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
                pretty = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return OSInfo(name: pretty, kernel: text(u.sysname), release: text(u.release), version: text(u.version),
                      machine: text(u.machine))
    }

    /// Standard output of a command found on the PATH, trimmed; nil when it fails or is missing.
    static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
