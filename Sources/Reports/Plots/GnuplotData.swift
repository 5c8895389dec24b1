import Foundation

/// The text of a gnuplot `.dat` file: `#` comment lines, whitespace-separated rows whose text fields are
/// double-quoted (so names with spaces or underscores stay one column), and blocks separated by two blank
/// lines (what `index N` selects).
struct GnuplotData {
    enum Field {
        case text(String)
        case number(Double?)
    }

    private(set) var lines: [String] = []
    /// Blocks started so far (the index of the next block to be written).
    private(set) var blockCount = 0
    private var blockOpen = false

    mutating func comment(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { lines.append("# \(line)") }
    }

    /// Starts a block (closing the previous one) and returns its index.
    @discardableResult
    mutating func block(_ title: String) -> Int {
        if blockOpen { lines.append(""); lines.append("") }
        blockOpen = true
        comment(title)
        blockCount += 1
        return blockCount - 1
    }

    mutating func row(_ fields: [Field]) {
        blockOpen = true
        lines.append(fields.map { f in
            switch f {
            case .text(let s): return Self.quote(s)
            case .number(let x): return Self.number(x)
            }
        }.joined(separator: " "))
    }

    var text: String { lines.joined(separator: "\n") + "\n" }

    /// A data field in double quotes; a double quote inside becomes a single one (gnuplot data fields
    /// cannot escape it), a newline a space.
    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\n", with: " ") + "\""
    }

    /// Six significant digits; `NaN` (declared missing in every script) for nil or non-finite.
    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "NaN" }
        return String(format: "%.6g", x)
    }
}
