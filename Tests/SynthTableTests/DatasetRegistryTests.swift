import Foundation
import SynthCore
import Testing
@testable import SynthTable
import SynthTestSupport

@Suite struct DatasetRegistryTests {
    func registry() throws -> DatasetRegistry { try DatasetRegistry(directory: RepositoryPaths.datasets) }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synthbench-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func listsTheBundledManifests() throws {
        let r = try registry()
        #expect(r.names == ["adult", "adult-test", "breast_cancer", "penguins", "penguins-raw", "wine"])
        let shapes = r.manifests.map { "\($0.name) \($0.shape!.rows)x\($0.shape!.columns)" }
        #expect(shapes == ["adult 32561x15", "adult-test 16281x15", "breast_cancer 569x31", "penguins 344x8",
                           "penguins-raw 344x17", "wine 178x14"])
        for m in r.manifests {
            #expect(m.task == .classification)
            #expect(m.source.pipFlags.starts(with: ["--no-deps", "--only-binary=:all:"]))
        }
        #expect(try r.manifest(named: "adult").source.pipFlags.suffix(2) == ["--python-version", "3.8"])
        #expect(try r.manifest(named: "adult-test").read.stripSuffix == .init(column: "income", suffix: "."))
        #expect(throws: DatasetError.unknownDataset("adults", available: r.names)) { try r.manifest(named: "adults") }
    }

    @Test func committedFilesMatchTheirChecksums() throws {
        let r = try registry()
        for name in ["penguins", "penguins-raw", "wine", "breast_cancer"] {
            let m = try r.manifest(named: name)
            #expect(m.file.storage == .committed)
            #expect(r.status(of: m) == .verified(.committed))
            #expect(try r.verifiedFile(for: m) == r.fileURL(for: m))
        }
        // Converted files record both checksums; as-is files have one.
        let wine = try r.manifest(named: "wine")
        #expect(wine.source.sha256 == "10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede")
        #expect(wine.file.sha256 != wine.source.sha256)
        let penguins = try r.manifest(named: "penguins")
        #expect(penguins.file.sha256 == penguins.source.sha256)
    }

    @Test func checksumMismatchAndMissingCacheAreReported() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in ["penguins.json", "adult.json"] {
            try FileManager.default.copyItem(at: RepositoryPaths.datasets.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        try Data("species,island\nAdelie,Dream\n".utf8).write(to: dir.appendingPathComponent("penguins.csv"))
        let r = try DatasetRegistry(directory: dir)
        let penguins = try r.manifest(named: "penguins")
        guard case .checksumMismatch(let actual) = r.status(of: penguins) else { Issue.record("expected a mismatch"); return }
        #expect(throws: DatasetError.checksumMismatch(name: "penguins", path: r.fileURL(for: penguins).path,
                                                      expected: penguins.file.sha256, actual: actual)) {
            try r.verifiedFile(for: penguins)
        }
        let adult = try r.manifest(named: "adult")
        #expect(r.status(of: adult) == .missing(.cache))
        #expect(throws: DatasetError.notFetched(name: "adult", path: r.fileURL(for: adult).path)) { try r.verifiedFile(for: adult) }
        // No scripts/ next to this datasets directory.
        #expect(throws: DatasetError.fetchScriptNotFound(path: r.fetchScript.path)) { try r.fetch(["adult"]) }
    }

    /// The fetch script runs (through Foundation's Process) and, for a file already present with the right
    /// checksum, succeeds without touching the network.
    @Test func fetchRunsTheScriptAndSkipsVerifiedFiles() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let datasets = root.appendingPathComponent("datasets"), scripts = root.appendingPathComponent("scripts")
        try FileManager.default.createDirectory(at: datasets, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RepositoryPaths.fetchScript, to: scripts.appendingPathComponent("fetch-datasets.sh"))
        for f in ["wine.json", "wine.csv"] {
            try FileManager.default.copyItem(at: RepositoryPaths.datasets.appendingPathComponent(f), to: datasets.appendingPathComponent(f))
        }
        let r = try DatasetRegistry(directory: datasets)
        try r.fetch(["wine"])
        #expect(throws: DatasetError.unknownDataset("nope", available: ["wine"])) { try r.fetch(["nope"]) }
    }

    /// Every manifest problem names the file and the JSON path of the value at fault: semantic checks,
    /// wrong types, unknown and missing keys, values outside their set, malformed JSON.
    @Test func invalidManifestsNameTheProblem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("wine.json")
        let original = try String(contentsOf: RepositoryPaths.datasets.appendingPathComponent("wine.json"), encoding: .utf8)
        func check(_ text: String, _ path: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try Data(text.utf8).write(to: file)
            #expect(throws: DatasetError.invalidManifest(JSONPathError(source: file.path, path: path, message: message)),
                    sourceLocation: sourceLocation) { try DatasetRegistry(directory: dir) }
        }
        func replacing(_ a: String, _ b: String) -> String {
            precondition(original.contains(a), "wine.json has no \(a)")
            return original.replacingOccurrences(of: a, with: b)
        }
        try check(replacing("\"name\": \"wine\"", "\"name\": \"vino\""), "name", "'vino' but the file is wine.json")
        try check(replacing("6c75822a8a38", "6C75822A8A38"), "file.sha256",
                  "must be 64 lowercase hex digits, got '6C75822A8A38ddfff660a8cd569ad5b8311d54cdc9fd55fe2998f1dc114240d5'")
        try check(replacing("\"target\": \"class\"", "\"target\": \"klass\""), "target", "'klass' is not among the columns")
        try check(replacing("\"path\": \"wine.csv\"", "\"path\": \"../wine.csv\""), "file.path",
                  "must be relative to the datasets directory, got '../wine.csv'")
        try check(replacing("\"task\": \"classification\"", "\"task\": \"ranking\""), "task",
                  "'ranking' is not allowed; allowed: classification, regression, survival, none")
        try check(replacing("\"skip_lines\": 0", "\"skip_lines\": \"0\""), "read.skip_lines",
                  "expected an integer in 0...\(Int.max), got a string")
        try check(replacing("\"storage\": \"committed\"", "\"storage\": \"disk\""), "file.storage",
                  "'disk' is not allowed; allowed: committed, cache")
        try check(replacing("\"skip_lines\": 0", "\"skip_line\": 0"), "read.skip_line",
                  "unknown key; allowed keys: header, skip_lines, delimiter, trim_after_delimiter, missing_tokens, strip_suffix")
        try check(replacing("\"description\"", "\"_description\""), "_description",
                  "unknown key; allowed keys: \(DatasetManifest.keys.joined(separator: ", "))")
        try check(replacing("\"kind\": \"numerical\"", "\"kind\": \"float\""), "columns[0].kind",
                  "'float' is not allowed; allowed: numerical, integer, categorical, boolean, datetime")
        try check(replacing("\"delimiter\": \",\"", "\"delimiter\": \";;\""), "read.delimiter", "must be one byte, got ';;'")
        // A missing key, and malformed JSON located by line and column.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
        try check(String(decoding: try JSONSerialization.data(withJSONObject: object.filter { $0.key != "file" }), as: UTF8.self),
                  "file", "missing; this key is required")
        try Data(original.dropLast(3).utf8).write(to: file)
        do { _ = try DatasetRegistry(directory: dir); Issue.record("read a truncated manifest") } catch {
            guard case .invalidManifest(let e) = error else { Issue.record("unexpected \(error)"); return }
            #expect(e.source == file.path && e.path == "" && e.message.hasPrefix("not valid JSON: line"), "\(e)")
            #expect(error.description == "dataset manifest \(e)")
        }
        // The passing counterpart: the committed manifest reads.
        try Data(original.utf8).write(to: file)
        #expect(try DatasetRegistry(directory: dir).manifests.map(\.name) == ["wine"])
    }

    @Test func locate() throws {
        let root = RepositoryPaths.root.path
        let expected = RepositoryPaths.datasets.standardizedFileURL.path
        // From the checkout or any folder below it.
        #expect(try DatasetRegistry.locate(environment: [:], currentDirectory: root, executablePath: nil).path == expected)
        #expect(try DatasetRegistry.locate(environment: [:], currentDirectory: root + "/Sources/SynthTable", executablePath: nil).path == expected)
        // From elsewhere, through the executable's location.
        #expect(try DatasetRegistry.locate(environment: [:], currentDirectory: "/", executablePath: root + "/.build/debug/synthbench").path == expected)
        // Explicit flag and environment variable win.
        let tmp = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        #expect(try DatasetRegistry.locate(explicit: tmp.path, environment: [:], currentDirectory: root).path == tmp.standardizedFileURL.path)
        #expect(try DatasetRegistry.locate(environment: [DatasetRegistry.environmentKey: tmp.path], currentDirectory: root).path == tmp.standardizedFileURL.path)
        #expect(throws: DatasetError.datasetsDirectoryNotFound(searched: ["/no/such/dir"])) {
            try DatasetRegistry.locate(explicit: "/no/such/dir", environment: [:], currentDirectory: root)
        }
        #expect(throws: DatasetError.self) { try DatasetRegistry.locate(environment: [:], currentDirectory: "/", executablePath: nil) }
    }
}

extension DatasetRegistryTests {
    /// Without pip the fetch fails with a typed error that says what to install.
    @Test func missingPipIsAClearError() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        let datasets = root.appendingPathComponent("datasets"), scripts = root.appendingPathComponent("scripts")
        let bin = root.appendingPathComponent("bin")
        for d in [datasets, scripts, bin] { try fm.createDirectory(at: d, withIntermediateDirectories: true) }
        try fm.copyItem(at: RepositoryPaths.fetchScript, to: scripts.appendingPathComponent("fetch-datasets.sh"))
        try fm.copyItem(at: RepositoryPaths.datasets.appendingPathComponent("adult.json"), to: datasets.appendingPathComponent("adult.json"))
        // A PATH with the usual tools and a python3 whose `-m pip` fails, but no pip.
        let tools = ["bash", "env", "dirname", "basename", "cat", "sed", "mktemp", "rm", "ls", "head", "tail", "cut",
                     "mkdir", "cp", "mv", "chmod", "tr", "unzip", "sha256sum"]
        for tool in tools {
            guard let path = ["/usr/bin/\(tool)", "/bin/\(tool)"].first(where: { fm.isExecutableFile(atPath: $0) }) else { continue }
            try fm.createSymbolicLink(atPath: bin.appendingPathComponent(tool).path, withDestinationPath: path)
        }
        let python = try #require(["/usr/bin/python3", "/usr/local/bin/python3"].first { fm.isExecutableFile(atPath: $0) })
        let fake = bin.appendingPathComponent("python3")
        try Data("#!/bin/sh\nif [ \"$1\" = -m ] && [ \"$2\" = pip ]; then exit 1; fi\nexec \(python) \"$@\"\n".utf8).write(to: fake)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)

        let r = try DatasetRegistry(directory: datasets)
        #expect {
            try r.fetch(["adult"], environment: ["PATH": bin.path, "TMPDIR": root.path])
        } throws: { error in
            guard case DatasetError.toolMissing(let name, let message) = error else { return false }
            return name == "adult" && message.contains("pip")
        }
    }
}
