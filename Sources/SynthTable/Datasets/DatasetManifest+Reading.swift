import Foundation
import SynthCore

/// Reads a manifest through SynthCore's ``JSONPathReader``: every problem, from a syntax error to a target
/// that is not among the columns, names the file and the JSON path of the value at fault.
extension DatasetManifest {
    static let keys = ["name", "description", "task", "target", "primary_key", "shape", "source", "file", "conversion",
                       "read", "columns", "holdout"]

    /// Reads and validates the manifest file at `url`; its name without `.json` must equal `name`.
    static func read(contentsOf url: URL) throws(JSONPathError) -> DatasetManifest {
        let (reader, root) = try JSONPathReader.load(contentsOf: url)
        let manifest = try DatasetManifest(json: root, reader: reader)
        try manifest.validate(fileName: url.deletingPathExtension().lastPathComponent, reader: reader)
        return manifest
    }

    /// The manifest a JSON tree describes (types and keys checked; ``validate(fileName:reader:)`` checks the rest).
    init(json root: JSONValue, reader r: JSONPathReader) throws(JSONPathError) {
        let o = try r.object(root, "", allowedKeys: Self.keys)
        name = try r.string(try r.required(o, "name", at: ""), "name")
        description = try r.string(try r.required(o, "description", at: ""), "description")
        task = try r.choice(try r.required(o, "task", at: ""), "task", LearningTask.self)
        target = try r.optionalString(o, "target", at: "")
        primaryKey = try r.optionalString(o, "primary_key", at: "")
        shape = try r.optional(o["shape"]) { v throws(JSONPathError) in
            let s = try r.object(v, "shape", allowedKeys: ["rows", "columns"])
            return Shape(rows: try r.int(try r.required(s, "rows", at: "shape"), "shape.rows", 0...Int.max),
                         columns: try r.int(try r.required(s, "columns", at: "shape"), "shape.columns", 0...Int.max))
        }
        source = try Self.source(try r.required(o, "source", at: ""), r)
        file = try Self.storedFile(try r.required(o, "file", at: ""), r)
        conversion = try r.optional(o["conversion"]) { v throws(JSONPathError) in
            let c = try r.object(v, "conversion", allowedKeys: ["drop_lines", "prepend_header"])
            return Conversion(dropLines: try r.int(try r.required(c, "drop_lines", at: "conversion"), "conversion.drop_lines", 0...Int.max),
                              prependHeader: try r.bool(try r.required(c, "prepend_header", at: "conversion"), "conversion.prepend_header"))
        }
        read = try Self.readOptions(try r.required(o, "read", at: ""), r)
        guard case .array(let list) = try r.required(o, "columns", at: "") else {
            throw r.fail("columns", "expected a list of column objects, got \(JSONPathReader.kind(o["columns"]!))")
        }
        var columns: [ColumnSpec] = []
        for (i, v) in list.enumerated() {
            let path = JSONPathReader.element("columns", i)
            let c = try r.object(v, path, allowedKeys: ["name", "kind", "sdtype"])
            columns.append(ColumnSpec(
                name: try r.string(try r.required(c, "name", at: path), JSONPathReader.member(path, "name")),
                kind: try r.choice(try r.required(c, "kind", at: path), JSONPathReader.member(path, "kind"), ColumnKind.self),
                sdtype: try r.optionalString(c, "sdtype", at: path)))
        }
        self.columns = columns
        holdout = try r.optionalString(o, "holdout", at: "")
    }

    private static func source(_ v: JSONValue, _ r: JSONPathReader) throws(JSONPathError) -> Source {
        let o = try r.object(v, "source", allowedKeys: ["package", "version", "pip_flags", "path_in_wheel", "sha256", "licence"])
        func text(_ key: String) throws(JSONPathError) -> String {
            try r.string(try r.required(o, key, at: "source"), "source.\(key)")
        }
        return Source(package: try text("package"), version: try text("version"),
                      pipFlags: try r.strings(try r.required(o, "pip_flags", at: "source"), "source.pip_flags", allowEmpty: true),
                      pathInWheel: try text("path_in_wheel"), sha256: try text("sha256"),
                      licence: try r.optionalString(o, "licence", at: "source"))
    }

    private static func storedFile(_ v: JSONValue, _ r: JSONPathReader) throws(JSONPathError) -> StoredFile {
        let o = try r.object(v, "file", allowedKeys: ["storage", "path", "sha256"])
        return StoredFile(storage: try r.choice(try r.required(o, "storage", at: "file"), "file.storage", Storage.self),
                          path: try r.string(try r.required(o, "path", at: "file"), "file.path"),
                          sha256: try r.string(try r.required(o, "sha256", at: "file"), "file.sha256"))
    }

    private static func readOptions(_ v: JSONValue, _ r: JSONPathReader) throws(JSONPathError) -> ReadOptions {
        let o = try r.object(v, "read", allowedKeys: ["header", "skip_lines", "delimiter", "trim_after_delimiter",
                                                     "missing_tokens", "strip_suffix"])
        let strip = try r.optional(o["strip_suffix"]) { v throws(JSONPathError) -> ReadOptions.StripSuffix in
            let s = try r.object(v, "read.strip_suffix", allowedKeys: ["column", "suffix"])
            return .init(column: try r.string(try r.required(s, "column", at: "read.strip_suffix"), "read.strip_suffix.column"),
                         suffix: try r.string(try r.required(s, "suffix", at: "read.strip_suffix"), "read.strip_suffix.suffix"))
        }
        return ReadOptions(header: try r.bool(try r.required(o, "header", at: "read"), "read.header"),
                           skipLines: try r.int(try r.required(o, "skip_lines", at: "read"), "read.skip_lines", 0...Int.max),
                           delimiter: try r.string(try r.required(o, "delimiter", at: "read"), "read.delimiter"),
                           trimAfterDelimiter: try r.bool(try r.required(o, "trim_after_delimiter", at: "read"), "read.trim_after_delimiter"),
                           missingTokens: try r.strings(try r.required(o, "missing_tokens", at: "read"), "read.missing_tokens", allowEmpty: true),
                           stripSuffix: strip)
    }
}
