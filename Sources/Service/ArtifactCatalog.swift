import Foundation
import Harness

/// The files a run recorded as artifacts, each under a download name, and the only files the service serves.
///
/// A download is looked up by name among the run's recorded artifacts (never joined onto a path), and the
/// recorded path itself must resolve, symbolic links followed, to a regular file inside the results directory:
/// a `..` or an absolute path elsewhere in a record, or a link out of the tree, is refused as not found.
/// Relative recorded paths are taken from the results directory.
package struct ArtifactCatalog: Sendable {
    /// The results directory, symbolic links resolved.
    package let root: URL

    package init(resultsDirectory: URL) {
        root = resultsDirectory.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// One artifact as listed: its download name (the file name; a repeated file name gains `~2`, `~3` in record
    /// order), kind, size and checksum.
    package struct Entry: Codable, Sendable, Equatable {
        package var name: String
        package var kind: String
        package var bytes: Int64
        package var sha256: String
        package var href: String
    }

    package func entries(run id: Int64, _ artifacts: [RunArtifact]) -> [Entry] {
        names(artifacts).map { name, a in
            Entry(name: name, kind: a.kind, bytes: a.bytes, sha256: a.sha256, href: "/v1/runs/\(id)/artifacts/\(name)")
        }
    }

    /// The recorded artifact named `name` and its file, or nil when there is none or its file is outside the
    /// results directory, missing or not a regular file.
    package func file(named name: String, in artifacts: [RunArtifact]) -> (artifact: RunArtifact, path: String)? {
        guard let (_, artifact) = names(artifacts).first(where: { $0.0 == name }) else { return nil }
        guard let path = resolve(artifact.path) else { return nil }
        return (artifact, path)
    }

    /// The recorded path as a file inside `root`, or nil.
    package func resolve(_ recorded: String) -> String? {
        guard !recorded.isEmpty, !recorded.contains("\0") else { return nil }
        let url = recorded.hasPrefix("/") ? URL(fileURLWithPath: recorded) : root.appendingPathComponent(recorded)
        let resolved = url.standardizedFileURL.resolvingSymlinksInPath().path
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        guard resolved.hasPrefix(rootPath) else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return resolved
    }

    private func names(_ artifacts: [RunArtifact]) -> [(String, RunArtifact)] {
        var seen: [String: Int] = [:]
        return artifacts.map { a in
            let base = (a.path as NSString).lastPathComponent
            let n = seen[base, default: 0] + 1
            seen[base] = n
            return (n == 1 ? base : "\(base)~\(n)", a)
        }
    }
}
