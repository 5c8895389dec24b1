import SynthMath
import SynthTable

/// SDV's data processing for the Gaussian copula (an RDT `HyperTransformer` with SDV's transformer
/// choices): a table becomes one numeric column per modelled column and back.
///
/// Transformers by SDV sdtype (and column kind):
/// - `numerical` (numerical or integer columns): ``FloatFormatter`` with mean replacement, random missing
///   generation, learned rounding when `enforceRounding`, clipping when `enforceMinMaxValues`;
/// - `categorical`, `boolean` (any kind): ``UniformEncoder``;
/// - `datetime` (datetime columns): ``UnixTimestampEncoder`` with min/max clipping when enforced;
/// - `id`, PII sdtypes and `unknown`: not modelled; ``IdentifierGenerator`` generates them on reverse as
///   SDV's RegexGenerator / AnonymizedFaker would (regex ids, PII values from bundled lists, coordinates).
///   A PII column with `pii: false` is modelled as categorical, as SDV does. A boolean or datetime column
///   with such an sdtype (other than `date_of_birth`) is modelled as categorical or datetime instead;
///   ``notes`` says so.
/// Reverse rebuilds every column with its name, kind and (categorical) levels, in the table's order.
public struct TableTransformer: Sendable {
    /// How one column is handled.
    public enum Role: Sendable, Equatable {
        case float(FloatFormatter)
        case uniform(UniformEncoder)
        case timestamp(UnixTimestampEncoder)
        case generated(IdentifierGenerator)
    }

    public struct Entry: Sendable, Equatable {
        public let name: String
        public let sdtype: SDVSdtype
        public let role: Role
        /// The SDV / RDT transformer name, for notes.
        public var transformerName: String {
            switch role {
            case .float: "FloatFormatter"
            case .uniform: "UniformEncoder"
            case .timestamp: "UnixTimestampEncoder"
            case .generated: "IdentifierGenerator"
            }
        }
    }

    /// One entry per table column, in table order.
    public let entries: [Entry]
    /// Rows of the fitted table.
    public let fittedRowCount: Int
    /// Decisions a user should see (generated columns, sdtype/kind substitutions).
    public let notes: [String: NoteValue]

    /// The modelled columns' names, in the order of ``transform(_:stream:)``'s output.
    public var modelledNames: [String] { entries.filter { !$0.isGenerated }.map(\.name) }
    /// Columns generated rather than modelled.
    public var generatedNames: [String] { entries.filter(\.isGenerated).map(\.name) }

    /// `coordinates`: how latitude/longitude columns are generated (``CoordinateMode``).
    public init(fitting table: Table, metadata: Metadata, enforceMinMaxValues: Bool,
                enforceRounding: Bool, coordinates: CoordinateMode = .places) throws(SynthesisError) {
        guard table.rowCount > 0 else { throw .invalidData("the table has no rows") }
        guard table.columnCount > 0 else { throw .invalidData("the table has no columns") }
        var entries: [Entry] = []
        var generated: [String] = [], substituted: [String: NoteValue] = [:]
        var regexFormats: [String: NoteValue] = [:], sharedByChance: [String: NoteValue] = [:], optedOut: [String] = []
        let keys = Set(metadata.alternateKeys + (metadata.primaryKey.map { [$0] } ?? []))
        for column in table.columns {
            guard let meta = metadata[column: column.name] else {
                throw .invalidData("column '\(column.name)' has no metadata (metadata columns: \(metadata.columnNames.joined(separator: ", ")))")
            }
            guard meta.kind == column.kind else {
                throw .invalidData("column '\(column.name)' is \(column.kind.rawValue) in the table but \(meta.kind.rawValue) in the metadata")
            }
            let role: Role
            switch meta.sdtype {
            case .numerical:
                role = .float(try FloatFormatter(fitting: column, learnRoundingScheme: enforceRounding,
                                                 enforceMinMaxValues: enforceMinMaxValues))
            case .categorical, .boolean:
                role = .uniform(UniformEncoder(fitting: column))
            case .datetime:
                role = .timestamp(try UnixTimestampEncoder(fitting: column, enforceMinMaxValues: enforceMinMaxValues))
            default:  // id, PII sdtypes, unknown
                if meta.sdtype.carriesPII && !meta.pii {
                    // SDV: a PII sdtype with `pii: False` has no anonymizer and falls back to categorical.
                    role = .uniform(UniformEncoder(fitting: column))
                    optedOut.append(column.name)
                } else if let generator = try IdentifierGenerator(fitting: column, metadata: meta,
                                                                  isKey: keys.contains(column.name),
                                                                  coordinates: coordinates) {
                    role = .generated(generator)
                    generated.append(column.name)
                    if case .regex(let pattern, let origin) = generator.style {
                        regexFormats[column.name] = .string("\(pattern.source) (\(origin))")
                    }
                    if case .pii(let provider) = generator.style, let list = provider.vocabulary {
                        let shared = Self.valuesIn(list, column)
                        if shared > 0 { sharedByChance[column.name] = .number(Double(shared)) }
                    }
                } else if column.kind == .datetime {
                    role = .timestamp(try UnixTimestampEncoder(fitting: column, enforceMinMaxValues: enforceMinMaxValues))
                    substituted[column.name] = .string("sdtype \(meta.sdtype.rawValue) on a datetime column: modelled as datetime")
                } else {
                    role = .uniform(UniformEncoder(fitting: column))
                    substituted[column.name] = .string("sdtype \(meta.sdtype.rawValue) on a \(column.kind.rawValue) column: modelled as categorical")
                }
            }
            entries.append(Entry(name: column.name, sdtype: meta.sdtype, role: role))
        }
        let pairs = Self.pairCoordinates(&entries, mode: coordinates)
        self.entries = entries
        fittedRowCount = table.rowCount
        var notes: [String: NoteValue] = [:]
        if !generated.isEmpty {
            notes["generated_columns"] = .strings(generated)
            notes["generated_columns_reason"] = .string(
                "id, PII and unknown sdtypes are not modelled: SDV generates them with RegexGenerator/Faker; "
                + "SynthBench generates them from regex formats and bundled en_US lists (docs/synthesizers.md)")
        }
        if !regexFormats.isEmpty { notes["regex_formats"] = .object(regexFormats) }
        if !pairs.isEmpty { notes["coordinate_pairs"] = .strings(pairs) }
        if !optedOut.isEmpty { notes["pii_false_modelled"] = .strings(optedOut) }
        if !sharedByChance.isEmpty {
            // Training values that are also in a bundled list: the generator may emit them by chance,
            // never by copying.
            notes["pii_training_values_in_bundled_lists"] = .object(sharedByChance)
        }
        if !substituted.isEmpty { notes["sdtype_substitutions"] = .object(substituted) }
        self.notes = notes
    }

    /// The modelled columns as doubles, in ``modelledNames`` order. Uniform-encoder draws come from
    /// `stream.derived("uniform:<column>")`.
    public func transform(_ table: Table, stream: RandomStream) throws(SynthesisError) -> [[Double]] {
        var out: [[Double]] = []
        for entry in entries where !entry.isGenerated {
            guard let column = table[entry.name] else {
                throw .invalidData("the table has no column '\(entry.name)' (columns: \(table.columnNames.joined(separator: ", ")))")
            }
            switch entry.role {
            case .float(let f): out.append(try f.transform(column))
            case .uniform(let u):
                var s = stream.derived("uniform:\(entry.name)")
                out.append(u.transform(column, stream: &s))
            case .timestamp(let t): out.append(try t.transform(column))
            case .generated: break
            }
        }
        return out
    }

    /// The table back from modelled columns (``modelledNames`` order, `rowCount` values each), with
    /// generated columns filled in. Column c's randomness (missing masks, identifiers) comes from
    /// `stream.derived("reverse:<column>")`.
    public func reverse(_ columns: [[Double]], rowCount rows: Int, stream: RandomStream) throws(SynthesisError) -> Table {
        let modelled = entries.filter { !$0.isGenerated }.count
        guard columns.count == modelled else {
            throw .invalidData("reverse got \(columns.count) columns for \(modelled) modelled columns")
        }
        var out: [Column] = []
        var next = 0
        for entry in entries {
            var s = stream.derived("reverse:\(entry.name)")
            if case .generated(let g) = entry.role {
                var placeStream: RandomStream? = nil
                if case .coordinate(_, _, let pair?) = g.style { placeStream = stream.derived("places:\(pair)") }
                out.append(g.generate(count: rows, stream: &s, placeStream: placeStream))
                continue
            }
            let values = columns[next]
            next += 1
            guard values.count == rows else {
                throw .invalidData("column '\(entry.name)' has \(values.count) values, expected \(rows)")
            }
            switch entry.role {
            case .float(let f): out.append(f.reverse(values, stream: &s))
            case .uniform(let u): out.append(u.reverse(values))
            case .timestamp(let t): out.append(t.reverse(values, stream: &s))
            case .generated: break
            }
        }
        do { return try Table(columns: out) } catch {
            preconditionFailure("reverse built an inconsistent table: \(error)")
        }
    }
}

extension TableTransformer.Entry {
    public var isGenerated: Bool {
        if case .generated = role { return true }
        return false
    }
}

extension TableTransformer {
    /// Pairs the i-th generated latitude column with the i-th longitude column (table order) so that both
    /// draw the same places; returns the pairs as `latitude+longitude`.
    static func pairCoordinates(_ entries: inout [Entry], mode: CoordinateMode) -> [String] {
        guard mode == .places else { return [] }
        func indices(latitude: Bool) -> [Int] {
            entries.indices.filter { i in
                if case .generated(let g) = entries[i].role, case .coordinate(let lat, _, _) = g.style { return lat == latitude }
                return false
            }
        }
        var pairs: [String] = []
        for (la, lo) in zip(indices(latitude: true), indices(latitude: false)) {
            let key = "\(entries[la].name)+\(entries[lo].name)"
            for i in [la, lo] {
                guard case .generated(var g) = entries[i].role, case .coordinate(let lat, let m, _) = g.style else { continue }
                g.style = .coordinate(latitude: lat, mode: m, pairKey: key)
                entries[i] = Entry(name: entries[i].name, sdtype: entries[i].sdtype, role: .generated(g))
            }
            pairs.append(key)
        }
        return pairs
    }

    /// How many distinct training values of a text column are in `list`.
    static func valuesIn(_ list: WeightedList, _ column: Column) -> Int {
        let vocabulary = Set(list.values)
        return IdentifierGenerator.presentLevels(column).filter(vocabulary.contains).count
    }
}
