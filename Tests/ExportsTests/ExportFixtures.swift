import Foundation
import SynthTable

/// Small tables with every column kind, missing values and awkward text, for the export tests.
enum ExportFixtures {
    /// 5 rows: a double (with a missing value), an integer, a boolean, a category with quotes, markup,
    /// a control character and non-ASCII text, a date and a timestamp.
    static func mixed() -> Table {
        try! Table(columns: [
            .numerical("x", [1.5, -0.25, nil, 1e20, 0]),
            .integer("n", [1, -2, 3, nil, Int(Int32.max) + 1]),
            .boolean("flag", [true, false, nil, true, true]),
            .categorical("label", ["a \"quoted\" 'word'", "<b>&amp;</b>", nil, "tab\there\u{01}", "Zürich"]),
            .datetime("day", [0, 86_400 * 365, nil, -86_400, 86_400 * 18_000], format: .isoDate),
            .datetime("at", [1_600_000_000, 1_600_000_000.5, 0, nil, 59], format: .isoDateTime),
        ])
    }

    /// A fresh temporary directory.
    static func directory(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("synthbench-export-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The non-hidden names in `dir`.
    static func visibleFiles(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Every name in `dir`, hidden ones included.
    static func allFiles(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }
}
