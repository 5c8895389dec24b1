import Foundation

/// Paths inside this checkout, found from this source file's location.
enum RepositoryPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let datasets = root.appendingPathComponent("datasets")
    static let fetchScript = root.appendingPathComponent("scripts/fetch-datasets.sh")
}
