import Foundation

/// A user's value-to-group hierarchy in ARX's CSV format (`Hierarchy.create(file, charset, ';')`): one line per
/// value, `value;level1;level2;...`, the value itself being level 0 and each further field a coarser group, every
/// line with the same number of fields. A generalisation picks one level; a value the file does not list is an
/// error (ARX refuses such a hierarchy too), never kept as it is. Fields are taken verbatim (no quoting), a
/// trailing carriage return and a leading byte-order mark are dropped, blank lines are skipped.
struct GeneralisationHierarchy: Sendable, Equatable {
    /// The file as the user named it (for errors and `details`).
    let path: String
    /// The chosen level's group of each listed value.
    let groups: [String: String]

    /// Why a file cannot serve as a hierarchy (the caller names the column and the declaration).
    enum Problem: Error, Equatable {
        case unreadable(String)
        case malformed(String)
    }

    /// Reads `path` (relative to the current directory) and keeps level `level`.
    init(path: String, level: Int) throws(Problem) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw .unreadable(exists ? "cannot read \(path) as UTF-8 text" : "no file \(path)")
        }
        try self.init(text: text, path: path, level: level)
    }

    /// Parses a hierarchy's text (what ``init(path:level:)`` read).
    init(text: String, path: String, level: Int) throws(Problem) {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        var width: Int?
        var groups: [String: String] = [:]
        for (number, raw) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            let where_ = "\(path) line \(number + 1)"
            if let width, fields.count != width {
                throw .malformed("\(where_) has \(fields.count) fields where the first line has \(width) (ARX hierarchies are rectangular)")
            }
            width = fields.count
            guard level < fields.count else {
                throw .malformed("\(path) has levels 0...\(fields.count - 1) (the value and \(fields.count - 1) groups), not level \(level)")
            }
            if let earlier = groups[fields[0]], earlier != fields[level] {
                throw .malformed("\(where_) lists '\(fields[0])' again, in group '\(fields[level])' where an earlier line put it in '\(earlier)'")
            }
            groups[fields[0]] = fields[level]
        }
        guard !groups.isEmpty else { throw .malformed("\(path) lists no value") }
        self.path = path
        self.groups = groups
    }
}
