import Foundation
import SynthCore

/// The metadata JSON format: SDV's single-table metadata (`columns`, `primary_key`, `alternate_keys`,
/// `METADATA_SPEC_VERSION`) plus a separate `synthbench` object for what SDV has no place for (target, task,
/// storage kind and SynthCity reading per column). See docs/metadata.md.
///
/// This is the syntax only: every field is optional, so the same type reads a hand-written override file
/// (any subset of columns) and a complete file written by ``Metadata/document``. Types and unknown keys are
/// checked while reading (`MetadataDocument+Reading.swift`, located by file and JSON path); values when the
/// document is applied (``Metadata/applying(_:)``).
/// An SDV multi-table file (`{"tables": {...}, "relationships": [...]}`) with exactly one table is read as
/// that table.
public struct MetadataDocument: Sendable, Equatable, Encodable {
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
    public struct SDVColumnEntry: Sendable, Equatable, Encodable {
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
    }

    /// SynthBench's own part: what SDV's format has no key for.
    public struct SynthBenchSection: Sendable, Equatable, Encodable {
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
    }

    /// A column's SynthBench extras: storage kind and the SynthCity reading.
    public struct SynthBenchColumnEntry: Sendable, Equatable, Encodable {
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

    /// Pretty-printed JSON with sorted keys: the same metadata always gives the same bytes.
    public func jsonData() -> Data {
        // Encoding plain strings, booleans and arrays cannot fail.
        try! SynthJSON.encoder(pretty: true).encode(self)
    }
}
