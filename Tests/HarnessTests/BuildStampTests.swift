import Foundation
import SynthCore
import Testing
@testable import Harness
import SynthTestSupport

/// The build stamp (docs/runner.md, "Which build made a run"): the plugin's script on git repositories made here,
/// the stamp's way into `environment.json`, and the built binary's `--version` against this checkout.
@Suite struct BuildStampTests {
    static let gitPath = ExecutableLookup.locate("git", path: ProcessInfo.processInfo.environment["PATH"] ?? "")?.path
    static let script = RepositoryPaths.path("Plugins/BuildStampPlugin/build-stamp.sh")

    /// Runs a command to its end; its trimmed standard output, nil when it fails.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        // A test repository must not depend on the user's git configuration (signing, hooks, templates).
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"; env["GIT_CONFIG_NOSYSTEM"] = "1"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func git(_ arguments: [String], in directory: URL) throws -> String? {
        try run(try #require(gitPath), ["-C", directory.path, "-c", "user.name=test", "-c", "user.email=test@example.org"]
                + arguments)
    }

    /// A git repository with a committed `Package.swift` and `Sources/a.swift`; its HEAD.
    static func repository(_ folder: URL) throws -> String {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        try Data("// package\n".utf8).write(to: folder.appendingPathComponent("Package.swift"))
        try Data("let a = 1\n".utf8).write(to: folder.appendingPathComponent("Sources/a.swift"))
        try #require(try git(["init", "-q"], in: folder) != nil)
        try #require(try git(["add", "."], in: folder) != nil)
        try #require(try git(["commit", "-q", "-m", "first"], in: folder) != nil)
        return try #require(try git(["rev-parse", "HEAD"], in: folder))
    }

    /// The stamp the script writes for `package` into `output`, read back from the generated Swift.
    static func stamp(of package: URL, into output: URL) throws -> (commit: String?, dirty: Bool?) {
        try #require(try run("/bin/sh", [script.path, package.path, output.path]) != nil, "build-stamp.sh failed")
        let text = try String(contentsOf: output, encoding: .utf8)
        func value(_ name: String) throws -> String {
            let line = try #require(text.split(separator: "\n").first { $0.contains("static let \(name):") }, "\(text)")
            return String(try #require(line.split(separator: "=", maxSplits: 1).last)).trimmingCharacters(in: .whitespaces)
        }
        let commit = try value("commit")
        let flags: [String: Bool?] = ["true": true, "false": false, "nil": nil]
        return (commit == "nil" ? nil : String(commit.dropFirst().dropLast()), try #require(flags[try value("dirty")], "\(text)"))
    }

    @Test(.enabled(if: gitPath != nil, "needs git"))
    func theScriptReportsTheCommitAndUncommittedChangesToTrackedFilesOnly() throws {
        let root = try SynthBenchBinary.temporaryDirectory("stamp-repo")
        defer { try? FileManager.default.removeItem(at: root) }
        let package = root.appendingPathComponent("package"), output = root.appendingPathComponent("out/GeneratedBuildStamp.swift")
        let head = try Self.repository(package)
        #expect(try Self.stamp(of: package, into: output) == (head, false))
        // An untracked file is not a change to the build's sources.
        try Data("scratch\n".utf8).write(to: package.appendingPathComponent("Sources/untracked.swift"))
        #expect(try Self.stamp(of: package, into: output) == (head, false))
        // A modified tracked file is.
        try Data("let a = 2\n".utf8).write(to: package.appendingPathComponent("Sources/a.swift"))
        #expect(try Self.stamp(of: package, into: output) == (head, true))
        // Committed, it is the new commit, clean again.
        try #require(try Self.git(["commit", "-q", "-am", "second"], in: package) != nil)
        let second = try #require(try Self.git(["rev-parse", "HEAD"], in: package))
        #expect(second != head)
        #expect(try Self.stamp(of: package, into: output) == (second, false))
    }

    @Test(.enabled(if: gitPath != nil, "needs git"))
    func withoutARepositoryOfItsOwnTheStampIsUnknown() throws {
        let root = try SynthBenchBinary.temporaryDirectory("stamp-none")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("out/GeneratedBuildStamp.swift")
        // A folder outside any repository (a source tarball).
        let tarball = root.appendingPathComponent("tarball")
        try FileManager.default.createDirectory(at: tarball, withIntermediateDirectories: true)
        try Data("// package\n".utf8).write(to: tarball.appendingPathComponent("Package.swift"))
        #expect(try Self.stamp(of: tarball, into: output) == (nil, nil))
        // The same tarball unpacked inside some other repository: that repository's commit is not this code's.
        let outer = root.appendingPathComponent("outer")
        _ = try Self.repository(outer)
        let unpacked = outer.appendingPathComponent("unpacked")
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        try Data("// package\n".utf8).write(to: unpacked.appendingPathComponent("Package.swift"))
        #expect(try Self.stamp(of: unpacked, into: output) == (nil, nil))
        // Control: the outer repository's own package is stamped.
        #expect(try Self.stamp(of: outer, into: output).commit != nil)
    }

    /// An unchanged stamp leaves the generated file as it was (its date too), so the build recompiles nothing.
    @Test(.enabled(if: gitPath != nil, "needs git"))
    func anUnchangedStampLeavesTheFileUntouched() throws {
        let root = try SynthBenchBinary.temporaryDirectory("stamp-touch")
        defer { try? FileManager.default.removeItem(at: root) }
        let package = root.appendingPathComponent("package"), output = root.appendingPathComponent("out/GeneratedBuildStamp.swift")
        _ = try Self.repository(package)
        _ = try Self.stamp(of: package, into: output)
        let old = Date(timeIntervalSince1970: 946_684_800)   // 2000-01-01: a date no rewrite can give
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: output.path)
        func modified() throws -> Date? { try FileManager.default.attributesOfItem(atPath: output.path)[.modificationDate] as? Date }
        _ = try Self.stamp(of: package, into: output)
        #expect(try modified() == old)
        // Control: a changed stamp (an edit) rewrites it.
        try Data("let a = 3\n".utf8).write(to: package.appendingPathComponent("Sources/a.swift"))
        _ = try Self.stamp(of: package, into: output)
        #expect(try modified() != old)
        #expect(FileManager.default.fileExists(atPath: output.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path) == ["GeneratedBuildStamp.swift"])
    }

    @Test func theVersionLineNamesTheCommitChangesAndConfiguration() {
        let commit = "8bdcf5c2bd67f8cb6aaa76db77133f00c06b78a2"
        #expect(BuildStamp(commit: commit, dirty: false, configuration: "release").versionLine("0.1.0")
                == "0.1.0 (commit \(commit), release build)")
        #expect(BuildStamp(commit: commit, dirty: true, configuration: "debug").versionLine("0.1.0")
                == "0.1.0 (commit \(commit), uncommitted changes, debug build)")
        #expect(BuildStamp(commit: nil, dirty: nil, configuration: "release").versionLine("0.1.0")
                == "0.1.0 (commit unknown, release build)")
        #expect(Self.parse(BuildStamp(commit: commit, dirty: true, configuration: "debug").versionLine("0.1.0"))
                == BuildStamp(commit: commit, dirty: true, configuration: "debug"))
        #expect(Self.parse(BuildStamp(commit: nil, dirty: nil, configuration: "release").versionLine("0.1.0"))
                == BuildStamp(commit: nil, dirty: nil, configuration: "release"))
    }

    /// The stamp a `--version` line names (``BuildStamp/versionLine(_:)``); nil when the line has no stamp.
    static func parse(_ line: String) -> BuildStamp? {
        guard let open = line.firstIndex(of: "("), line.hasSuffix(")") else { return nil }
        let parts = line[line.index(after: open)..<line.index(before: line.endIndex)].components(separatedBy: ", ")
        guard parts.count >= 2, parts[0].hasPrefix("commit "), parts.last!.hasSuffix(" build") else { return nil }
        let commit = String(parts[0].dropFirst("commit ".count))
        return BuildStamp(commit: commit == "unknown" ? nil : commit,
                          dirty: commit == "unknown" ? nil : parts.contains("uncommitted changes"),
                          configuration: String(parts.last!.dropLast(" build".count)))
    }

    @Test func theEnvironmentRecordCarriesTheStampItIsGiven() throws {
        let root = try SynthBenchBinary.temporaryDirectory("stamp-environment")
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try ExperimentSpec.decode(Data("""
        {"name": "stamp", "datasets": ["penguins"], "methods": ["identity"], "backends": ["sdv"], "seeds": [0]}
        """.utf8), availableDatasets: nil)
        let stamps = [TestGrid.build, BuildStamp(commit: nil, dirty: nil, configuration: "release")]
        for (index, build) in stamps.enumerated() {
            // The grid runner's and the queue worker's ways to environment.json.
            let run = RunDirectory(url: root.appendingPathComponent("run\(index)"))
            try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
            _ = try TestGrid.runner(spec, run, executable: "/nonexistent/synthbench", build: build).writeEnvironment()
            let group = GroupResults(spec: spec, resultsRoot: root.appendingPathComponent("queue\(index)"), group: "g")
            try group.prepare(build: build)
            for file in [run.environment, group.directory.environment] {
                let record = try SynthJSON.decoder().decode(EnvironmentRecord.self, from: Data(contentsOf: file))
                #expect(record.gitCommit == build.commit && record.gitDirty == build.dirty
                        && record.buildConfiguration == build.configuration, "\(file.path)")
            }
        }
    }

    /// The built binary names the commit of this checkout. Compared only when the build had no uncommitted changes
    /// (a developer who builds, tests and then commits has moved HEAD past a dirty build); a stale binary (built
    /// before a later commit or checkout) fails and asks for a rebuild.
    @Test func theBinaryNamesTheCommitOfThisCheckout() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("stamp-version")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try SynthBenchBinary.run(["--version"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let line = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix(SynthBenchVersion.string + " ("), "\(line)")
        let stamp = try #require(Self.parse(line), "no build stamp in '\(line)'")
        #expect(stamp.configuration == "debug" || stamp.configuration == "release")
        let head = try Self.gitPath.flatMap { try Self.run($0, ["-C", RepositoryPaths.root.path, "rev-parse", "HEAD"]) }
        guard let head else {
            #expect(stamp.commit == nil, "the checkout is not a git repository, yet the binary names commit \(stamp.commit ?? "")")
            return
        }
        let commit = try #require(stamp.commit, "the checkout is at \(head), the binary names no commit")
        #expect(commit.count == head.count && commit.allSatisfy(\.isHexDigit), "\(commit)")
        if stamp.dirty == false {
            #expect(commit == head, "the binary was built at \(commit), the checkout is at \(head): rebuild (swift build --build-tests) after committing or checking out")
        } else {
            #expect(try Self.run(Self.gitPath!, ["-C", RepositoryPaths.root.path, "cat-file", "-e", commit + "^{commit}"]) != nil,
                    "the binary names \(commit), which this repository does not hold")
        }
    }
}
