/// Which code a synthbench executable was built from, fixed when it was built (the executable's
/// BuildStampPlugin): recorded in `environment.json` and printed by `synthbench --version`, so that a result names
/// the code that made it even when the binary was copied away from its checkout, or the checkout moved on.
/// As JSON (each cell record's `build`, the service's `/healthz`): `{"commit", "dirty", "configuration"}`, every key
/// written (null when unknown).
package struct BuildStamp: Codable, Sendable, Equatable {
    /// The commit the sources were at (`git rev-parse HEAD`); nil when they were not a git checkout or git was
    /// missing.
    package var commit: String?
    /// Whether tracked files had uncommitted changes at build time; nil when `commit` is.
    package var dirty: Bool?
    /// `debug` or `release`: a debug build's timings are not comparable with a release build's.
    package var configuration: String

    package init(commit: String?, dirty: Bool?, configuration: String) {
        self.commit = commit; self.dirty = dirty; self.configuration = configuration
    }

    enum CodingKeys: String, CodingKey { case commit, dirty, configuration }

    /// Null, not a missing key, for an unknown commit (the synthesized encoder would leave the key out).
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(commit, forKey: .commit)
        try c.encode(dirty, forKey: .dirty)
        try c.encode(configuration, forKey: .configuration)
    }

    /// `0.1.0 (commit 8bdcf5c2bd67f8cb6aaa76db77133f00c06b78a2, release build)`, with `, uncommitted changes` after
    /// the commit when the build had them, and `commit unknown` without git.
    package func versionLine(_ version: String) -> String {
        var parts = ["commit " + (commit ?? "unknown")]
        if dirty == true { parts.append("uncommitted changes") }
        parts.append("\(configuration) build")
        return "\(version) (\(parts.joined(separator: ", ")))"
    }
}
