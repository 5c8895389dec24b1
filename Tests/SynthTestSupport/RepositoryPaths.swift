import Foundation

/// Paths inside this checkout, found from this source file's location (`Tests/SynthTestSupport/`).
public enum RepositoryPaths {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let datasets = root.appendingPathComponent("datasets")
    public static let fetchScript = root.appendingPathComponent("scripts/fetch-datasets.sh")

    /// A file or directory by its path from the repository root (`experiments/quickstart.json`).
    public static func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}
