import Foundation
import Harness

/// The files a run recorded as artifacts, each under a download name, and the only files the service serves.
///
/// A download is looked up by name among the run's recorded artifacts (never joined onto a path), and the
/// recorded path itself must resolve, symbolic links followed, to a regular file inside the results directory:
/// a `..` or an absolute path elsewhere in a record, or a link out of the tree, is refused as not found.
/// Relative recorded paths are taken from the results directory.
///
/// A name travels percent-encoded (RFC 3986): the listing's `href` encodes every character but the unreserved ones,
/// and a download's path segment is decoded before the lookup (``name(fromPathSegment:)``), so a name with a space,
/// `%`, `#` or non-ASCII letters downloads from the URL listed for it.
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
            Entry(name: name, kind: a.kind, bytes: a.bytes, sha256: a.sha256, href: "/v1/runs/\(id)/artifacts/\(Self.pathSegment(name))")
        }
    }

    /// RFC 3986's unreserved characters, the only ones a name keeps unencoded in a URL.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `name` as one URL path segment, percent-encoded (UTF-8).
    package static func pathSegment(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? name
    }

    /// The artifact name a download's path segment spells, percent-decoded. Refused (400, before any lookup) when
    /// the encoding is malformed or the decoded name is no file name (empty, `.`, `..`, a `/` or a NUL): a name is
    /// only ever compared with the listed names, but a request that spells a path is told so rather than "not found".
    package static func name(fromPathSegment segment: String) throws(ServiceError) -> String {
        guard let name = segment.removingPercentEncoding else {
            throw .badRequest("the artifact name '\(segment)' is not valid percent-encoding (UTF-8, '%' written as %25); "
                              + "use the href the artifact list gives", path: nil)
        }
        if name.isEmpty || name == "." || name == ".." || name.contains("/") || name.contains("\0") {
            let shown = name.replacingOccurrences(of: "\0", with: "\\0")
            throw .badRequest("the artifact name '\(segment)' decodes to '\(shown)', which is no file name: an artifact name "
                              + "has no '/' or NUL and is not '.' or '..'; use a name the artifact list gives", path: nil)
        }
        return name
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
