import Foundation
import SynthCore

/// A table's metadata in both reference conventions: per column its storage kind, SDV sdtype and SynthCity
/// reading, plus the table's primary key, target column and task.
///
/// Detect it from a table (``detect(from:)``), adjust it with a hand-written ``MetadataDocument``
/// (``applying(_:)``), and write or read it as JSON (``document``, ``init(document:)``, `Codable`).
public struct Metadata: Sendable, Equatable {
    public var columns: [ColumnMetadata]
    public var primaryKey: String?
    public var alternateKeys: [String]
    public var target: String?
    public var task: LearningTask

    public init(columns: [ColumnMetadata], primaryKey: String? = nil, alternateKeys: [String] = [],
                target: String? = nil, task: LearningTask = .none) {
        self.columns = columns
        self.primaryKey = primaryKey
        self.alternateKeys = alternateKeys
        self.target = target
        self.task = task
    }

    public var columnNames: [String] { columns.map(\.name) }

    public subscript(column name: String) -> ColumnMetadata? { columns.first { $0.name == name } }

    // MARK: Detection

    /// Detects every column with SDV's rules (``SDVDetector``) and SynthCity's (``SynthCityDetector``), and
    /// the primary key with SDV's. Target and task are not detected (SynthCity's "last column" default is a
    /// convention, not a reading of the data); set them with ``applying(_:)``.
    public static func detect(from table: Table) -> Metadata {
        var columns: [ColumnMetadata] = []
        var results: [SDVDetector.ColumnResult] = []
        for column in table.columns {
            let profile = ColumnProfile(column)
            let sdv = SDVDetector.detect(column, profile: profile)
            let encoding = SynthCityDetector.encoding(column, profile: profile)
            results.append(sdv)
            columns.append(ColumnMetadata(
                name: column.name, kind: column.kind, sdtype: sdv.sdtype, pii: sdv.sdtype.carriesPII,
                datetimeFormat: sdv.datetimeFormat,
                synthcityDomain: SynthCityDetector.domain(column, profile: profile),
                synthcityEncoding: encoding,
                synthcityDiscrete: SynthCityDetector.isDiscrete(encoding: encoding, profile: profile)))
        }
        var metadata = Metadata(columns: columns)
        if let key = SDVDetector.primaryKey(names: table.columnNames, results: results),
           let i = metadata.columns.firstIndex(where: { $0.name == key }) {
            metadata.primaryKey = key
            // A value-based or `id` candidate becomes sdtype id (dropping pii); a PII fallback keeps its sdtype.
            if results[i].primaryKeyCandidate {
                metadata.columns[i].sdtype = .id
                metadata.columns[i].pii = false
            }
        }
        return metadata
    }

    /// ``detect(from:)`` followed by ``applying(_:)``.
    public static func detect(from table: Table, overrides: MetadataDocument) throws(MetadataError) -> Metadata {
        try detect(from: table).applying(overrides)
    }

    // MARK: Overrides

    /// This metadata with `overrides` applied: each column the document names gets the sdtype, attributes
    /// and SynthBench extras it gives; keys, target and task are replaced when given. Every name must be a
    /// column of this metadata and every value valid, else a ``MetadataError`` names the key.
    public func applying(_ overrides: MetadataDocument) throws(MetadataError) -> Metadata {
        var out = self
        let names = columnNames
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        func index(_ name: String, key: String) throws(MetadataError) -> Int {
            guard let i = position[name] else { throw .unknownColumn(key: key, column: name, available: names) }
            return i
        }
        if let version = overrides.specVersion, version != MetadataDocument.specVersion, version != "V1" {
            throw .invalidValue(path: "METADATA_SPEC_VERSION", value: version, allowed: [MetadataDocument.specVersion, "V1"])
        }
        for (name, entry) in (overrides.columns ?? [:]).sorted(by: { $0.key < $1.key }) {
            let i = try index(name, key: "columns")
            out.columns[i] = try Self.applySDV(entry, to: out.columns[i])
        }
        if let section = overrides.synthbench {
            var seen = Set<String>()
            for entry in section.columns ?? [] {
                let i = try index(entry.name, key: "synthbench.columns")
                guard seen.insert(entry.name).inserted else {
                    throw .duplicateColumn(key: "synthbench.columns", column: entry.name)
                }
                out.columns[i] = try Self.applySynthBench(entry, to: out.columns[i])
            }
            if let target = section.target {
                _ = try index(target, key: "synthbench.target")
                out.target = target
            }
            if let task = section.task {
                out.task = try Self.parse(task, as: LearningTask.self, path: "synthbench.task")
            }
        }
        switch overrides.primaryKey {
        case .none: break
        case .some(.none): out.primaryKey = nil
        case .some(.some(let name)):
            _ = try index(name, key: "primary_key")
            out.primaryKey = name
        }
        if let alternates = overrides.alternateKeys {
            for name in alternates { _ = try index(name, key: "alternate_keys") }
            out.alternateKeys = alternates
        }
        try out.validateKeysAndTarget()
        return out
    }

    /// SDV's rule: keys must be `id` or PII columns; a task needs a target and a target needs a task.
    func validateKeysAndTarget() throws(MetadataError) {
        if let key = primaryKey, let c = self[column: key], c.sdtype != .id, !c.sdtype.carriesPII {
            throw .invalidKey(key: "primary_key", column: key, sdtype: c.sdtype)
        }
        for key in alternateKeys {
            if let c = self[column: key], c.sdtype != .id, !c.sdtype.carriesPII {
                throw .invalidKey(key: "alternate_keys", column: key, sdtype: c.sdtype)
            }
        }
        if task != .none, target == nil {
            throw .inconsistentTarget("task '\(task.rawValue)' needs a target column (synthbench.target)")
        }
        if let target, task == .none {
            throw .inconsistentTarget("target '\(target)' needs a task (synthbench.task: classification, regression or survival)")
        }
    }

    static func parse<T: RawRepresentable & CaseIterable>(_ raw: String, as: T.Type, path: String) throws(MetadataError) -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw .invalidValue(path: path, value: raw, allowed: T.allCases.map(\.rawValue))
        }
        return value
    }

    static let computerRepresentations = ["Float32", "Float64", "Float", "Int64", "Int32", "Int16", "Int8",
                                          "UInt64", "UInt32", "UInt16", "UInt8"]

    /// Applies one SDV column entry: a new sdtype drops the attributes it does not allow (and sets `pii` to
    /// SDV's default, true, for PII sdtypes); given attributes must be allowed for the resulting sdtype.
    static func applySDV(_ entry: MetadataDocument.SDVColumnEntry, to column: ColumnMetadata) throws(MetadataError) -> ColumnMetadata {
        var c = column
        if let raw = entry.sdtype {
            guard let sdtype = SDVSdtype(rawValue: raw) else { throw .unknownSdtype(column: c.name, value: raw) }
            if sdtype != c.sdtype {
                c.sdtype = sdtype
                c.pii = sdtype.carriesPII
                let allowed = sdtype.allowedAttributes
                if !allowed.contains("datetime_format") { c.datetimeFormat = nil }
                if !allowed.contains("computer_representation") { c.computerRepresentation = nil }
                if !allowed.contains("regex_format") { c.regexFormat = nil }
                if !allowed.contains("order") { c.order = nil; c.orderBy = nil }
            }
        }
        let allowed = c.sdtype.allowedAttributes
        for key in entry.attributeKeys where !allowed.contains(key) {
            throw .attributeNotAllowed(column: c.name, attribute: key, sdtype: c.sdtype)
        }
        if let pii = entry.pii { c.pii = pii }
        if let format = entry.datetimeFormat {
            guard DatetimeFormat.isSupported(format) else {
                throw .invalidValue(path: "columns.\(c.name).datetime_format", value: format,
                                    allowed: ["a strftime layout of %Y %m %d %H %M %S %f %b %B and literal text"])
            }
            c.datetimeFormat = format
        }
        if let rep = entry.computerRepresentation {
            guard computerRepresentations.contains(rep) else {
                throw .invalidValue(path: "columns.\(c.name).computer_representation", value: rep, allowed: computerRepresentations)
            }
            c.computerRepresentation = rep
        }
        if let regex = entry.regexFormat { c.regexFormat = regex }
        if entry.order != nil, entry.orderBy != nil {
            throw .unsupported(path: "columns.\(c.name).order", reason: "give either 'order' or 'order_by', not both")
        }
        if let order = entry.order {
            guard !order.isEmpty else {
                throw .invalidValue(path: "columns.\(c.name).order", value: "[]", allowed: ["a list of one or more categories"])
            }
            c.order = order; c.orderBy = nil
        }
        if let orderBy = entry.orderBy {
            guard ["numerical_value", "alphabetical"].contains(orderBy) else {
                throw .invalidValue(path: "columns.\(c.name).order_by", value: orderBy, allowed: ["numerical_value", "alphabetical"])
            }
            c.orderBy = orderBy; c.order = nil
        }
        return c
    }

    /// Applies one SynthBench column entry: `kind` must match the table; the SynthCity fields replace the
    /// detected ones.
    static func applySynthBench(_ entry: MetadataDocument.SynthBenchColumnEntry, to column: ColumnMetadata) throws(MetadataError) -> ColumnMetadata {
        var c = column
        let base = "synthbench.columns.\(c.name)"
        if let raw = entry.kind {
            let kind = try parse(raw, as: ColumnKind.self, path: "\(base).kind")
            guard kind == c.kind else { throw .kindMismatch(column: c.name, declared: kind, actual: c.kind) }
        }
        if let raw = entry.synthcityDomain {
            c.synthcityDomain = try parse(raw, as: SynthCityDomain.self, path: "\(base).synthcity_domain")
        }
        if let raw = entry.synthcityEncoding {
            c.synthcityEncoding = try parse(raw, as: SynthCityEncoding.self, path: "\(base).synthcity_encoding")
        }
        if let discrete = entry.synthcityDiscrete { c.synthcityDiscrete = discrete }
        return c
    }

    // MARK: JSON

    /// The complete document: every column's SDV entry and SynthBench extras.
    public var document: MetadataDocument {
        var sdv: [String: MetadataDocument.SDVColumnEntry] = [:]
        var extras: [MetadataDocument.SynthBenchColumnEntry] = []
        for c in columns {
            sdv[c.name] = MetadataDocument.SDVColumnEntry(
                sdtype: c.sdtype.rawValue, pii: c.sdtype.carriesPII ? c.pii : nil, datetimeFormat: c.datetimeFormat,
                computerRepresentation: c.computerRepresentation, regexFormat: c.regexFormat, order: c.order,
                orderBy: c.orderBy)
            extras.append(MetadataDocument.SynthBenchColumnEntry(
                name: c.name, kind: c.kind.rawValue, synthcityDomain: c.synthcityDomain.rawValue,
                synthcityEncoding: c.synthcityEncoding.rawValue, synthcityDiscrete: c.synthcityDiscrete))
        }
        return MetadataDocument(
            specVersion: MetadataDocument.specVersion, columns: sdv,
            primaryKey: primaryKey.map { .some($0) } ?? .none,
            alternateKeys: alternateKeys.isEmpty ? nil : alternateKeys,
            synthbench: MetadataDocument.SynthBenchSection(target: target, task: task.rawValue, columns: extras))
    }

    /// Metadata from a complete document (as ``document`` writes): the column order comes from
    /// `synthbench.columns`, and every column needs its sdtype, kind and SynthCity fields.
    public init(document doc: MetadataDocument) throws(MetadataError) {
        guard let extras = doc.synthbench?.columns else {
            throw .incomplete(column: "*", missing: "synthbench.columns")
        }
        let sdv = doc.columns ?? [:]
        var columns: [ColumnMetadata] = []
        var seen = Set<String>()
        for entry in extras {
            guard seen.insert(entry.name).inserted else {
                throw .duplicateColumn(key: "synthbench.columns", column: entry.name)
            }
            guard let sdvEntry = sdv[entry.name] else { throw .incomplete(column: entry.name, missing: "columns.\(entry.name)") }
            guard let rawSdtype = sdvEntry.sdtype else { throw .incomplete(column: entry.name, missing: "sdtype") }
            guard let sdtype = SDVSdtype(rawValue: rawSdtype) else { throw .unknownSdtype(column: entry.name, value: rawSdtype) }
            guard let kind = entry.kind else { throw .incomplete(column: entry.name, missing: "kind") }
            guard entry.synthcityDomain != nil else { throw .incomplete(column: entry.name, missing: "synthcity_domain") }
            guard entry.synthcityEncoding != nil else { throw .incomplete(column: entry.name, missing: "synthcity_encoding") }
            guard entry.synthcityDiscrete != nil else { throw .incomplete(column: entry.name, missing: "synthcity_discrete") }
            var c = ColumnMetadata(
                name: entry.name, kind: try Self.parse(kind, as: ColumnKind.self, path: "synthbench.columns.\(entry.name).kind"),
                sdtype: sdtype, pii: sdtype.carriesPII, synthcityDomain: .float, synthcityEncoding: .passthrough,
                synthcityDiscrete: false)
            c = try Self.applySDV(sdvEntry, to: c)
            c = try Self.applySynthBench(entry, to: c)
            columns.append(c)
        }
        if let stray = sdv.keys.sorted().first(where: { !seen.contains($0) }) {
            throw .incomplete(column: stray, missing: "synthbench.columns entry")
        }
        self.init(columns: columns)
        self = try applying(MetadataDocument(specVersion: doc.specVersion, primaryKey: doc.primaryKey,
                                             alternateKeys: doc.alternateKeys,
                                             synthbench: .init(target: doc.synthbench?.target, task: doc.synthbench?.task)))
    }

    /// The complete document as pretty-printed JSON with sorted keys.
    public func jsonData() -> Data { document.jsonData() }

    /// Metadata from complete-document JSON bytes.
    public static func decode(_ data: Data) throws(MetadataError) -> Metadata {
        try Metadata(document: MetadataDocument.decode(data))
    }
}

extension Metadata: Codable {
    /// Read through ``MetadataDocument/init(json:reader:at:)`` (errors located at `<input>` and the path
    /// inside the decoded value).
    public init(from decoder: Decoder) throws {
        let reader = JSONPathReader(source: "<input>")
        let document: MetadataDocument
        do { document = try MetadataDocument(json: try JSONValue(from: decoder), reader: reader) } catch let error as JSONPathError {
            throw MetadataError.file(error)
        }
        try self.init(document: document)
    }

    public func encode(to encoder: Encoder) throws { try document.encode(to: encoder) }
}
