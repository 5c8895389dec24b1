import Foundation
import SynthCore

/// A plain-text table with left-aligned columns separated by two spaces.
struct TextTable {
    var header: [String]
    var rows: [[String]]

    var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { j in all.map { $0.indices.contains(j) ? $0[j].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { j, cell in
                j == row.count - 1 ? cell : cell.padding(toLength: widths[j], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// Pretty-printed JSON with sorted keys and unescaped slashes.
func prettyJSON<T: Encodable>(_ value: T) throws -> String {
    try SynthJSON.string(value, pretty: true)
}
