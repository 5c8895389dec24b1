import Foundation
import SynthCore

/// The datasets described by the manifests in a `datasets/` directory: lists them, verifies their files'
/// checksums, and fetches missing ones by running scripts/fetch-datasets.sh.
public struct DatasetRegistry: Sendable {
    /// Environment variable naming the datasets directory.
    public static let environmentKey = "SYNTHBENCH_DATASETS_DIR"

    public let directory: URL
    /// Sorted by name.
    public let manifests: [DatasetManifest]

    /// Reads and validates every `*.json` manifest in `directory`.
    public init(directory: URL) throws(DatasetError) {
        self.directory = directory.standardizedFileURL
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw .datasetsDirectoryNotFound(searched: [directory.path])
        }
        var manifests: [DatasetManifest] = []
        for file in files {
            do {
                manifests.append(try DatasetManifest.read(contentsOf: directory.appendingPathComponent(file)))
            } catch {
                throw .invalidManifest(error)
            }
        }
        self.manifests = manifests.sorted { $0.name < $1.name }
    }

    /// The registry of the datasets directory found by ``locate(explicit:environment:currentDirectory:executablePath:)``.
    public static func open(explicit: String? = nil) throws(DatasetError) -> DatasetRegistry {
        try DatasetRegistry(directory: locate(explicit: explicit))
    }

    /// Finds the datasets directory: `explicit` (a `--datasets-dir` flag), else `$SYNTHBENCH_DATASETS_DIR`,
    /// else the first `datasets/` folder holding manifests in the current directory or one of its parents,
    /// else the same search upwards from the executable (so `.build/debug/synthbench` finds the checkout's).
    public static func locate(explicit: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              currentDirectory: String = FileManager.default.currentDirectoryPath,
                              executablePath: String? = CommandLine.arguments.first) throws(DatasetError) -> URL {
        let fm = FileManager.default
        func isDirectory(_ path: String) -> Bool {
            var dir: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
        }
        if let given = explicit ?? environment[environmentKey], !given.isEmpty {
            let url = URL(fileURLWithPath: given, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
            guard isDirectory(url.path) else { throw .datasetsDirectoryNotFound(searched: [url.path]) }
            return url.standardizedFileURL
        }
        var starts = [URL(fileURLWithPath: currentDirectory, isDirectory: true)]
        if let exe = executablePath, exe.contains("/") {
            starts.append(URL(fileURLWithPath: exe, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
                .standardizedFileURL.deletingLastPathComponent())
        }
        for start in starts {
            var dir = start.standardizedFileURL
            while true {
                let candidate = dir.appendingPathComponent("datasets")
                if isDirectory(candidate.path),
                   let entries = try? fm.contentsOfDirectory(atPath: candidate.path),
                   entries.contains(where: { $0.hasSuffix(".json") }) {
                    return candidate
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw .datasetsDirectoryNotFound(searched: starts.map { $0.path + " and its parents" })
    }

    public var names: [String] { manifests.map(\.name) }

    public func manifest(named name: String) throws(DatasetError) -> DatasetManifest {
        guard let m = manifests.first(where: { $0.name == name }) else { throw .unknownDataset(name, available: names) }
        return m
    }

    /// Where the dataset's file lives (committed or cached).
    public func fileURL(for manifest: DatasetManifest) -> URL {
        directory.appendingPathComponent(manifest.file.path)
    }

    /// The state of a dataset's file on disk.
    public enum FileStatus: Sendable, Equatable, CustomStringConvertible {
        /// Present with the manifest's checksum.
        case verified(DatasetManifest.Storage)
        /// A cached dataset not fetched yet (or a committed file that is missing).
        case missing(DatasetManifest.Storage)
        case checksumMismatch(actual: String)
        case unreadable(String)

        public var description: String {
            switch self {
            case .verified(let s): s == .committed ? "committed" : "cached"
            case .missing(let s): s == .committed ? "missing (committed file deleted?)" : "not fetched"
            case .checksumMismatch: "checksum mismatch"
            case .unreadable(let m): "unreadable: \(m)"
            }
        }
    }

    /// Hashes the file and compares it with the manifest.
    public func status(of manifest: DatasetManifest) -> FileStatus {
        let url = fileURL(for: manifest)
        guard FileManager.default.fileExists(atPath: url.path) else { return .missing(manifest.file.storage) }
        do {
            let actual = try Checksum.sha256Hex(ofFileAt: url)
            return actual == manifest.file.sha256 ? .verified(manifest.file.storage) : .checksumMismatch(actual: actual)
        } catch {
            return .unreadable(error.localizedDescription)
        }
    }

    /// The dataset's file after checking its sha256; fetches it first when it is missing and
    /// `fetchIfMissing` is set.
    public func verifiedFile(for manifest: DatasetManifest, fetchIfMissing: Bool = false) throws(DatasetError) -> URL {
        let url = fileURL(for: manifest)
        switch status(of: manifest) {
        case .verified: return url
        case .missing:
            guard fetchIfMissing else { throw .notFetched(name: manifest.name, path: url.path) }
            try fetch([manifest.name])
            return try verifiedFile(for: manifest, fetchIfMissing: false)
        case .checksumMismatch(let actual):
            throw .checksumMismatch(name: manifest.name, path: url.path, expected: manifest.file.sha256, actual: actual)
        case .unreadable(let message):
            throw .readFailed(name: manifest.name, message: "cannot read \(url.path): \(message)")
        }
    }

    /// scripts/fetch-datasets.sh next to the datasets directory.
    public var fetchScript: URL {
        directory.deletingLastPathComponent().appendingPathComponent("scripts/fetch-datasets.sh")
    }

    /// Runs scripts/fetch-datasets.sh for `names` (it downloads, verifies and caches; see docs/datasets.md).
    /// The script's messages go to standard error. `environment` replaces the process environment for the
    /// script (nil: inherit it).
    public func fetch(_ names: [String], rebuild: Bool = false, environment: [String: String]? = nil) throws(DatasetError) {
        for name in names { _ = try manifest(named: name) }
        let script = fetchScript
        guard FileManager.default.fileExists(atPath: script.path) else { throw .fetchScriptNotFound(path: script.path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", script.path, "--datasets-dir", directory.path] + (rebuild ? ["--rebuild"] : []) + names
        process.standardOutput = FileHandle.standardError
        if let environment { process.environment = environment }
        let label = names.joined(separator: ", ")
        do { try process.run() } catch {
            throw .toolMissing(name: label, message: "cannot run bash \(script.path): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: return
        case 3: throw .toolMissing(name: label, message: "pip, unzip, python3 or sha256sum is not installed; run scripts/setup.sh (installs python3-pip and unzip)")
        default: throw .fetchFailed(name: label, status: process.terminationStatus)
        }
    }
}
