import Foundation

/// Finds a program the way a shell would: the first executable file of that name in `PATH`'s directories.
package enum ExecutableLookup {
    /// The first executable file called `name` in the `:`-separated `path`.
    package static func locate(_ name: String, path: String) -> URL? {
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
