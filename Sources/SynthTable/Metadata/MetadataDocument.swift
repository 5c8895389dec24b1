import Foundation
import SynthCore

/// The metadata JSON format: SDV's single-table metadata (`columns`, `primary_key`, `alternate_keys`,
/// `METADATA_SPEC_VERSION`) plus a separate `synthbench` object for what SDV has no place for (target, task,
/// storage kind and SynthCity reading per column). See docs/metadata.md.
///
/// This is the syntax only: every field is optional, so the same type reads a hand-written override file
/// (any subset of columns) and a complete file written by ``Metadata/document``. Unknown keys are rejected
/// while decoding; values are checked when the document is applied (``Metadata/applying(_:)``).
/// An SDV multi-table file (`{"tables": {...}, "relationships": [...]}`) with exactly one table is read as
/// that table.
public struct MetadataDocument: Sendable, Equatable, Codable {
    public static let specVersion = "SINGLE_TABLE_V1"

    public var specVersion: String?
    /// SDV column entries by column name.
    public var columns: [String: SDVColumnEntry]?
    /// Absent: keep what detection found; `null`: no key; a name: that column.
    public var primaryKey: String??
    public var alternateKeys: [String]?
    public var synthbench: SynthBenchSection?

    public init(specVersion: String? = nil, columns: [String: SDVColumnEntry]? = nil, primaryKey: String?? = .none,
                alternateKeys: [String]? = nil, synthbench: SynthBenchSection? = nil) {
        self.specVersion = specVersion
        self.columns = columns
        self.primaryKey = primaryKey
        self.alternateKeys = alternateKeys
        self.synthbench = synthbench
    }

    /// One column's SDV entry. Attribute keys are those SDV accepts for some sdtype.
    public struct SDVColumnEntry: Sendable, Equatable, Codable {
        public var sdtype: String?
        public var pii: Bool?
        public var datetimeFormat: String?
        public var computerRepresentation: String?
        public var regexFormat: String?
        public var order: [String]?
        public var orderBy: String?

        public init(sdtype: String? = nil, pii: Bool? = nil, datetimeFormat: String? = nil,
                    computerRepresentation: String? = nil, regexFormat: String? = nil, order: [String]? = nil,
                    orderBy: String? = nil) {
            self.sdtype = sdtype
            self.pii = pii
            self.datetimeFormat = datetimeFormat
            self.computerRepresentation = computerRepresentation
            self.regexFormat = regexFormat
            self.order = order
            self.orderBy = orderBy
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case sdtype, pii
            case datetimeFormat = "datetime_format"
            case computerRepresentation = "computer_representation"
            case regexFormat = "regex_format"
            case order
            case orderBy = "order_by"
        }

        /// The attribute keys present (everything but `sdtype`), as SDV spells them.
        public var attributeKeys: [String] {
            var keys: [String] = []
            if pii != nil { keys.append("pii") }
            if datetimeFormat != nil { keys.append("datetime_format") }
            if computerRepresentation != nil { keys.append("computer_representation") }
            if regexFormat != nil { keys.append("regex_format") }
            if order != nil { keys.append("order") }
            if orderBy != nil { keys.append("order_by") }
            return keys
        }

        public init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            sdtype = try c.decodeIfPresent(String.self, forKey: .sdtype)
            pii = try c.decodeIfPresent(Bool.self, forKey: .pii)
            datetimeFormat = try c.decodeIfPresent(String.self, forKey: .datetimeFormat)
            computerRepresentation = try c.decodeIfPresent(String.self, forKey: .computerRepresentation)
            regexFormat = try c.decodeIfPresent(String.self, forKey: .regexFormat)
            order = try c.decodeIfPresent([String].self, forKey: .order)
            orderBy = try c.decodeIfPresent(String.self, forKey: .orderBy)
        }
    }

    /// SynthBench's own part: what SDV's format has no key for.
    public struct SynthBenchSection: Sendable, Equatable, Codable {
        public var target: String?
        /// `classification`, `regression`, `survival` or `none`.
        public var task: String?
        /// Per-column extras, in table order (a JSON array keeps the order; objects do not).
        public var columns: [SynthBenchColumnEntry]?

        public init(target: String? = nil, task: String? = nil, columns: [SynthBenchColumnEntry]? = nil) {
            self.target = target
            self.task = task
            self.columns = columns
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case target, task, columns }

        public init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            target = try c.decodeIfPresent(String.self, forKey: .target)
            task = try c.decodeIfPresent(String.self, forKey: .task)
            columns = try c.decodeIfPresent([SynthBenchColumnEntry].self, forKey: .columns)
        }
    }

    /// A column's SynthBench extras: storage kind and the SynthCity reading.
    public struct SynthBenchColumnEntry: Sendable, Equatable, Codable {
        public var name: String
        /// `numerical`, `integer`, `categorical`, `boolean` or `datetime`; must match the table.
        public var kind: String?
        /// `categorical`, `integer`, `float` or `datetime`.
        public var synthcityDomain: String?
        /// `passthrough`, `label` or `datetime`.
        public var synthcityEncoding: String?
        public var synthcityDiscrete: Bool?

        public init(name: String, kind: String? = nil, synthcityDomain: String? = nil,
                    synthcityEncoding: String? = nil, synthcityDiscrete: Bool? = nil) {
            self.name = name
            self.kind = kind
            self.synthcityDomain = synthcityDomain
            self.synthcityEncoding = synthcityEncoding
            self.synthcityDiscrete = synthcityDiscrete
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, kind
            case synthcityDomain = "synthcity_domain"
            case synthcityEncoding = "synthcity_encoding"
            case synthcityDiscrete = "synthcity_discrete"
        }

        public init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            kind = try c.decodeIfPresent(String.self, forKey: .kind)
            synthcityDomain = try c.decodeIfPresent(String.self, forKey: .synthcityDomain)
            synthcityEncoding = try c.decodeIfPresent(String.self, forKey: .synthcityEncoding)
            synthcityDiscrete = try c.decodeIfPresent(Bool.self, forKey: .synthcityDiscrete)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case specVersion = "METADATA_SPEC_VERSION"
        case columns
        case primaryKey = "primary_key"
        case alternateKeys = "alternate_keys"
        case synthbench
    }

    /// SDV keys SynthBench understands but cannot honour (single, non-sequential tables only).
    static let unsupportedSDVKeys = ["sequence_key", "sequence_index", "column_relationships"]

    public init(from decoder: Decoder) throws {
        let any = try decoder.container(keyedBy: AnyKey.self)
        if any.contains(AnyKey("tables")) {
            try self.init(multiTable: any, decoder: decoder)
            return
        }
        for key in any.allKeys where Self.unsupportedSDVKeys.contains(key.stringValue) {
            // An explicit null or empty list means "none", which SynthBench can honour.
            if try any.decodeNil(forKey: key) { continue }
            if let list = try? any.decode([String].self, forKey: key), list.isEmpty { continue }
            throw MetadataError.unsupported(path: key.stringValue, reason: "SynthBench handles single, non-sequential tables")
        }
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue) + Self.unsupportedSDVKeys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var primaryKey: String?? = .none
        if c.contains(.primaryKey) {
            if try c.decodeNil(forKey: .primaryKey) {
                primaryKey = .some(nil)
            } else if let name = try? c.decode(String.self, forKey: .primaryKey) {
                primaryKey = .some(name)
            } else {
                throw MetadataError.unsupported(path: "primary_key", reason: "composite primary keys (a list) are not supported")
            }
        }
        self.init(specVersion: try c.decodeIfPresent(String.self, forKey: .specVersion),
                  columns: try c.decodeIfPresent([String: SDVColumnEntry].self, forKey: .columns),
                  primaryKey: primaryKey,
                  alternateKeys: try c.decodeIfPresent([String].self, forKey: .alternateKeys),
                  synthbench: try c.decodeIfPresent(SynthBenchSection.self, forKey: .synthbench))
    }

    /// SDV's multi-table layout holding exactly one table.
    private init(multiTable any: KeyedDecodingContainer<AnyKey>, decoder: Decoder) throws {
        for key in any.allKeys where !["tables", "relationships", "METADATA_SPEC_VERSION"].contains(key.stringValue) {
            throw MetadataError.unknownKey(path: key.stringValue)
        }
        if any.contains(AnyKey("relationships")), !(try any.decodeNil(forKey: AnyKey("relationships"))) {
            let relationships = try any.decode([AnyDecodable].self, forKey: AnyKey("relationships"))
            if !relationships.isEmpty {
                throw MetadataError.unsupported(path: "relationships", reason: "SynthBench handles single tables")
            }
        }
        let tables = try any.decode([String: MetadataDocument].self, forKey: AnyKey("tables"))
        guard tables.count == 1, let table = tables.values.first else {
            throw MetadataError.unsupported(path: "tables", reason: "expected exactly one table, found \(tables.count)")
        }
        self = table
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(specVersion, forKey: .specVersion)
        try c.encodeIfPresent(columns, forKey: .columns)
        switch primaryKey {
        case .none: break
        case .some(.none): try c.encodeNil(forKey: .primaryKey)
        case .some(.some(let name)): try c.encode(name, forKey: .primaryKey)
        }
        try c.encodeIfPresent(alternateKeys, forKey: .alternateKeys)
        try c.encodeIfPresent(synthbench, forKey: .synthbench)
    }

    // MARK: Reading and writing

    /// Decodes a document from JSON bytes; malformed JSON, wrong value types and unknown keys become
    /// ``MetadataError``s naming the key.
    public static func decode(_ data: Data) throws(MetadataError) -> MetadataDocument {
        do {
            return try SynthJSON.decoder().decode(MetadataDocument.self, from: data)
        } catch let error as MetadataError {
            throw error
        } catch let error as DecodingError {
            throw .invalidJSON(describe(error))
        } catch {
            throw .invalidJSON("\(error)")
        }
    }

    /// Reads a document from a file.
    public static func read(contentsOf url: URL) throws(MetadataError) -> MetadataDocument {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .invalidJSON("cannot read \(url.path): \(error.localizedDescription)")
        }
        do { return try decode(data) } catch {
            if case .invalidJSON(let m) = error { throw .invalidJSON("\(url.path): \(m)") }
            throw error
        }
    }

    /// Pretty-printed JSON with sorted keys: the same metadata always gives the same bytes.
    public func jsonData() -> Data {
        // Encoding plain strings, booleans and arrays cannot fail.
        try! SynthJSON.encoder(pretty: true).encode(self)
    }

    static func describe(_ error: DecodingError) -> String {
        let path = pathString
        switch error {
        case .typeMismatch(let t, let ctx): return "'\(path(ctx.codingPath))' should be \(t): \(ctx.debugDescription)"
        case .valueNotFound(let t, let ctx): return "'\(path(ctx.codingPath))' is missing a \(t) value"
        case .keyNotFound(let k, let ctx):
            let p = path(ctx.codingPath + [k])
            return "'\(p)' is required"
        case .dataCorrupted(let ctx):
            let p = path(ctx.codingPath)
            return (p.isEmpty ? "" : "'\(p)': ") + ctx.debugDescription
        @unknown default: return "\(error)"
        }
    }
}

/// A coding key for any string, to list and check the keys of a JSON object.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init(stringValue s: String) { stringValue = s }
    init?(intValue: Int) { nil }
}

/// Skips any JSON value (used to count the entries of an array whose content is not read).
struct AnyDecodable: Decodable {
    init(from decoder: Decoder) throws {}
}

/// The dotted path of a coding path: `columns.age`, `synthbench.columns[2]`.
func pathString(_ path: [CodingKey]) -> String {
    var out = ""
    for key in path {
        if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
    }
    return out
}

/// Throws ``MetadataError/unknownKey(path:)`` for the first key (in sorted order, for a stable message) of the
/// object at `decoder` that is not in `allowed`.
func rejectUnknownKeys(_ decoder: Decoder, allowed: [String]) throws {
    let c = try decoder.container(keyedBy: AnyKey.self)
    let allowedSet = Set(allowed)
    let unknown = c.allKeys.map(\.stringValue).filter { !allowedSet.contains($0) }.sorted()
    guard let first = unknown.first else { return }
    throw MetadataError.unknownKey(path: pathString(decoder.codingPath + [AnyKey(first)]))
}
