import Foundation
import SynthCore

/// Reads a metadata document through SynthCore's ``JSONPathReader``: malformed JSON, a value of the wrong
/// type, an unknown key or an SDV feature SynthBench cannot honour fails with a ``MetadataError/file(_:)``
/// naming the file and the JSON path (`columns.age.sdtype`, `synthbench.columns[2].kind`).
extension MetadataDocument {
    /// Decodes a document from JSON bytes; `source` names them in messages.
    public static func decode(_ data: Data, source: String = "<input>") throws(MetadataError) -> MetadataDocument {
        let reader = JSONPathReader(source: source)
        do { return try MetadataDocument(json: try reader.parse(data), reader: reader) } catch { throw .file(error) }
    }

    /// Reads a document from a file.
    public static func read(contentsOf url: URL) throws(MetadataError) -> MetadataDocument {
        do {
            let (reader, root) = try JSONPathReader.load(contentsOf: url, describeReadFailure: OutputError.systemReason)
            return try MetadataDocument(json: root, reader: reader)
        } catch {
            throw .file(error)
        }
    }

    /// The document a JSON tree describes; `path` is where the tree sits (a table of SDV's multi-table layout).
    public init(json root: JSONValue, reader r: JSONPathReader, at path: String = "") throws(JSONPathError) {
        let o = try r.object(root, path)
        if path.isEmpty, o["tables"] != nil {
            self = try Self.singleTable(o, r)
            return
        }
        for key in Self.unsupportedSDVKeys {
            switch o[key] {
            case nil, .null?: continue
            case .array(let list)? where list.isEmpty: continue  // "none", which SynthBench can honour
            default: throw r.fail(JSONPathReader.member(path, key), "not supported: SynthBench handles single, non-sequential tables")
            }
        }
        try r.checkKeys(o, allowed: CodingKeys.allCases.map(\.rawValue) + Self.unsupportedSDVKeys, at: path)
        func at(_ key: String) -> String { JSONPathReader.member(path, key) }
        var primaryKey: String?? = .none
        switch o["primary_key"] {
        case nil: break
        case .null?: primaryKey = .some(nil)
        case .string(let name)?: primaryKey = .some(name)
        case .array?: throw r.fail(at("primary_key"), "not supported: composite primary keys (a list)")
        case let v?: throw r.fail(at("primary_key"), "expected a column name or null, got \(JSONPathReader.kind(v))")
        }
        var columns: [String: SDVColumnEntry]? = nil
        if let v = o["columns"], v != .null {
            columns = [:]
            for (name, entry) in try r.object(v, at("columns")) {
                columns?[name] = try SDVColumnEntry(json: entry, reader: r, at: JSONPathReader.member(at("columns"), name))
            }
        }
        self.init(specVersion: try r.optionalString(o, "METADATA_SPEC_VERSION", at: path),
                  columns: columns, primaryKey: primaryKey,
                  alternateKeys: try r.optional(o["alternate_keys"]) { v throws(JSONPathError) in
                      try r.strings(v, at("alternate_keys"), allowEmpty: true)
                  },
                  synthbench: try r.optional(o["synthbench"]) { v throws(JSONPathError) in
                      try SynthBenchSection(json: v, reader: r, at: at("synthbench"))
                  })
    }

    /// SDV's multi-table layout holding exactly one table.
    private static func singleTable(_ o: [String: JSONValue], _ r: JSONPathReader) throws(JSONPathError) -> MetadataDocument {
        try r.checkKeys(o, allowed: ["tables", "relationships", "METADATA_SPEC_VERSION"], at: "")
        switch o["relationships"] {
        case nil, .null?: break
        case .array(let list)?: if !list.isEmpty { throw r.fail("relationships", "not supported: SynthBench handles single tables") }
        case let v?: throw r.fail("relationships", "expected a list, got \(JSONPathReader.kind(v))")
        }
        let tables = try r.object(o["tables"]!, "tables")
        guard tables.count == 1, let table = tables.first else {
            throw r.fail("tables", "not supported: expected exactly one table, found \(tables.count)")
        }
        return try MetadataDocument(json: table.value, reader: r, at: JSONPathReader.member("tables", table.key))
    }
}

extension MetadataDocument.SDVColumnEntry {
    init(json v: JSONValue, reader r: JSONPathReader, at path: String) throws(JSONPathError) {
        let o = try r.object(v, path, allowedKeys: CodingKeys.allCases.map(\.rawValue))
        self.init(sdtype: try r.optionalString(o, "sdtype", at: path), pii: try r.optionalBool(o, "pii", at: path),
                  datetimeFormat: try r.optionalString(o, "datetime_format", at: path),
                  computerRepresentation: try r.optionalString(o, "computer_representation", at: path),
                  regexFormat: try r.optionalString(o, "regex_format", at: path),
                  order: try r.optional(o["order"]) { v throws(JSONPathError) in
                      try r.strings(v, JSONPathReader.member(path, "order"), allowEmpty: true)
                  },
                  orderBy: try r.optionalString(o, "order_by", at: path))
    }
}

extension MetadataDocument.SynthBenchSection {
    init(json v: JSONValue, reader r: JSONPathReader, at path: String) throws(JSONPathError) {
        let o = try r.object(v, path, allowedKeys: CodingKeys.allCases.map(\.rawValue))
        var columns: [MetadataDocument.SynthBenchColumnEntry]? = nil
        if let list = o["columns"], list != .null {
            let columnsPath = JSONPathReader.member(path, "columns")
            guard case .array(let entries) = list else {
                throw r.fail(columnsPath, "expected a list of column objects, got \(JSONPathReader.kind(list))")
            }
            columns = []
            for (i, entry) in entries.enumerated() {
                columns?.append(try .init(json: entry, reader: r, at: JSONPathReader.element(columnsPath, i)))
            }
        }
        self.init(target: try r.optionalString(o, "target", at: path), task: try r.optionalString(o, "task", at: path),
                  columns: columns)
    }
}

extension MetadataDocument.SynthBenchColumnEntry {
    init(json v: JSONValue, reader r: JSONPathReader, at path: String) throws(JSONPathError) {
        let o = try r.object(v, path, allowedKeys: CodingKeys.allCases.map(\.rawValue))
        self.init(name: try r.string(try r.required(o, "name", at: path), JSONPathReader.member(path, "name")),
                  kind: try r.optionalString(o, "kind", at: path),
                  synthcityDomain: try r.optionalString(o, "synthcity_domain", at: path),
                  synthcityEncoding: try r.optionalString(o, "synthcity_encoding", at: path),
                  synthcityDiscrete: try r.optionalBool(o, "synthcity_discrete", at: path))
    }
}
