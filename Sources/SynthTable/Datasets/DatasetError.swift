import SynthCore

/// A dataset that cannot be found, fetched, verified or read; every case names the dataset or path.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case datasetsDirectoryNotFound(searched: [String])
    case unknownDataset(String, available: [String])
    /// A manifest that cannot be read or does not hold together, located by file and JSON path.
    case invalidManifest(JSONPathError)
    /// A cached dataset that has not been fetched yet.
    case notFetched(name: String, path: String)
    case checksumMismatch(name: String, path: String, expected: String, actual: String)
    case fetchScriptNotFound(path: String)
    /// pip (or another tool the fetch needs) is not installed.
    case toolMissing(name: String, message: String)
    case fetchFailed(name: String, status: Int32)
    case readFailed(name: String, message: String)
    /// The file read does not have the manifest's columns.
    case columnsMismatch(name: String, expected: [String], actual: [String])

    public var description: String {
        switch self {
        case .datasetsDirectoryNotFound(let s):
            "no datasets directory found (looked in: \(s.joined(separator: ", "))); pass --datasets-dir or set SYNTHBENCH_DATASETS_DIR"
        case .unknownDataset(let n, let a):
            "unknown dataset '\(n)'\(ClosestName.suggestion(for: n, among: a).map { " (did you mean '\($0)'?)" } ?? ""); available: \(a.joined(separator: ", "))"
        case .invalidManifest(let e): "dataset manifest \(e)"
        case .notFetched(let n, let p): "dataset '\(n)' is not fetched yet (\(p) is missing); run `synthbench datasets fetch \(n)` or scripts/fetch-datasets.sh \(n)"
        case .checksumMismatch(let n, let p, let e, let a):
            "dataset '\(n)': \(p) has sha256 \(a), the manifest expects \(e); run scripts/fetch-datasets.sh \(n) to restore it"
        case .fetchScriptNotFound(let p): "the dataset fetch script is missing: \(p)"
        case .toolMissing(let n, let m): "cannot fetch dataset '\(n)': \(m)"
        case .fetchFailed(let n, let s): "fetching dataset '\(n)' failed (scripts/fetch-datasets.sh exited with status \(s); see its messages above)"
        case .readFailed(let n, let m): "dataset '\(n)': \(m)"
        case .columnsMismatch(let n, let e, let a):
            "dataset '\(n)': the file's columns [\(a.joined(separator: ", "))] differ from the manifest's [\(e.joined(separator: ", "))]"
        }
    }
}
