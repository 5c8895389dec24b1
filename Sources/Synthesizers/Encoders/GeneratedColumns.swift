import SynthMath
import SynthTable

/// The columns SDV does not model, decided once for every generator: sdtype `id`, PII sdtypes (with `pii`
/// true) and `unknown` get an ``IdentifierGenerator`` and are generated on sample (SDV's `DataProcessor`
/// drops them before the fit and fills them with RDT's `RegexGenerator` / `AnonymizedFaker`); every other
/// column is modelled, some under another sdtype (``modelledSdtype(of:)``):
/// - a PII column with `pii: false` as `categorical` (SDV's fallback);
/// - an id/PII/`unknown` column whose kind cannot hold generated values (boolean; datetime unless its sdtype
///   is `date_of_birth`) as `datetime` (datetime columns) or `categorical`; ``notes`` says so.
/// The i-th generated latitude and longitude columns (table order) are paired to draw the same places when
/// `coordinates` is `.places`.
///
/// ``TableTransformer`` (the Gaussian copula) keeps the generators among its entries; the neural and
/// diffusion generators model ``modelledTable(_:)`` and put the generated columns back with
/// ``merge(_:rowCount:stream:)``.
public struct GeneratedColumns: Sendable, Equatable {
    /// The generators, in table order.
    public let generators: [IdentifierGenerator]
    /// The sdtype a modelled column is modelled as, where it differs from its metadata's.
    public let substitutions: [String: SDVSdtype]
    /// The fitted table's column names, in order.
    public let columnNames: [String]
    /// Decisions a user should see (generated columns, regex formats, coordinate pairs, substitutions).
    public let notes: [String: NoteValue]

    /// Checks that `metadata` describes every column of `table` with the table's kind, and decides.
    public init(fitting table: Table, metadata: Metadata, coordinates: CoordinateMode = .places) throws(SynthesisError) {
        var generators: [IdentifierGenerator] = [], substitutions: [String: SDVSdtype] = [:]
        var substituted: [String: NoteValue] = [:], regexFormats: [String: NoteValue] = [:]
        var sharedByChance: [String: NoteValue] = [:], optedOut: [String] = []
        let keys = Set(metadata.alternateKeys + (metadata.primaryKey.map { [$0] } ?? []))
        for column in table.columns {
            guard let meta = metadata[column: column.name] else {
                throw .invalidData("column '\(column.name)' has no metadata (metadata columns: \(metadata.columnNames.joined(separator: ", ")))")
            }
            guard meta.kind == column.kind else {
                throw .invalidData("column '\(column.name)' is \(column.kind.rawValue) in the table but \(meta.kind.rawValue) in the metadata")
            }
            switch meta.sdtype {
            case .numerical, .categorical, .boolean, .datetime: continue
            default: break  // id, PII sdtypes, unknown
            }
            if meta.sdtype.carriesPII && !meta.pii {
                // SDV: a PII sdtype with `pii: False` has no anonymizer and falls back to categorical.
                substitutions[column.name] = .categorical
                optedOut.append(column.name)
            } else if let generator = try IdentifierGenerator(fitting: column, metadata: meta,
                                                              isKey: keys.contains(column.name), coordinates: coordinates) {
                generators.append(generator)
                if case .regex(let pattern, let origin) = generator.style {
                    regexFormats[column.name] = .string("\(pattern.source) (\(origin))")
                }
                if case .pii(let provider) = generator.style, let list = provider.vocabulary {
                    let shared = Self.valuesIn(list, column)
                    if shared > 0 { sharedByChance[column.name] = .number(Double(shared)) }
                }
            } else if column.kind == .datetime {
                substitutions[column.name] = .datetime
                substituted[column.name] = .string("sdtype \(meta.sdtype.rawValue) on a datetime column: modelled as datetime")
            } else {
                substitutions[column.name] = .categorical
                substituted[column.name] = .string("sdtype \(meta.sdtype.rawValue) on a \(column.kind.rawValue) column: modelled as categorical")
            }
        }
        let pairs = Self.pairCoordinates(&generators, mode: coordinates)
        self.generators = generators
        self.substitutions = substitutions
        columnNames = table.columnNames
        var notes: [String: NoteValue] = [:]
        if !generators.isEmpty {
            notes["generated_columns"] = .strings(generators.map(\.name))
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

    /// The generator of column `name`, nil for a modelled column.
    public subscript(name: String) -> IdentifierGenerator? { generators.first { $0.name == name } }

    /// The sdtype column `meta` is modelled as (its own unless substituted).
    public func modelledSdtype(of meta: ColumnMetadata) -> SDVSdtype { substitutions[meta.name] ?? meta.sdtype }

    /// `table` without the generated columns.
    public func modelledTable(_ table: Table) throws(SynthesisError) -> Table {
        let generated = Set(generators.map(\.name))
        do { return try table.selectingColumns(table.columnNames.filter { !generated.contains($0) }) } catch {
            throw .invalidData(error.description)
        }
    }

    /// `metadata` for ``modelledTable(_:)``: the generated columns left out, substituted sdtypes applied.
    public func modelledMetadata(_ metadata: Metadata) -> Metadata {
        var out = metadata
        out.columns = metadata.columns.compactMap { meta in
            guard self[meta.name] == nil else { return nil }
            var m = meta
            m.sdtype = modelledSdtype(of: meta)
            return m
        }
        return out
    }

    /// `rowCount` values of a generated column. Its randomness comes from `stream.derived("reverse:<column>")`,
    /// a coordinate pair's places from `stream.derived("places:<latitude>+<longitude>")`.
    public func generate(_ generator: IdentifierGenerator, rowCount: Int, stream: RandomStream) -> Column {
        var s = stream.derived("reverse:\(generator.name)")
        var placeStream: RandomStream? = nil
        if case .coordinate(_, _, let pair?) = generator.style { placeStream = stream.derived("places:\(pair)") }
        return generator.generate(count: rowCount, stream: &s, placeStream: placeStream)
    }

    /// The fitted table's columns in their order: the generated ones from ``generate(_:rowCount:stream:)``,
    /// the others from `modelled` (which holds them under their names).
    public func merge(_ modelled: Table, stream: RandomStream) throws(SynthesisError) -> Table {
        guard !generators.isEmpty else { return modelled }
        var out: [Column] = []
        for name in columnNames {
            if let g = self[name] {
                out.append(generate(g, rowCount: modelled.rowCount, stream: stream))
            } else if let column = modelled[name] {
                out.append(column)
            } else {
                throw .invalidData("the generated rows have no column '\(name)'")
            }
        }
        do { return try Table(columns: out) } catch { throw .invalidData(error.description) }
    }
}

extension GeneratedColumns {
    /// Pairs the i-th latitude generator with the i-th longitude generator (table order) so that both draw
    /// the same places; returns the pairs as `latitude+longitude`.
    static func pairCoordinates(_ generators: inout [IdentifierGenerator], mode: CoordinateMode) -> [String] {
        guard mode == .places else { return [] }
        func indices(latitude: Bool) -> [Int] {
            generators.indices.filter { i in
                if case .coordinate(let lat, _, _) = generators[i].style { return lat == latitude }
                return false
            }
        }
        var pairs: [String] = []
        for (la, lo) in zip(indices(latitude: true), indices(latitude: false)) {
            let key = "\(generators[la].name)+\(generators[lo].name)"
            for i in [la, lo] {
                guard case .coordinate(let lat, let m, _) = generators[i].style else { continue }
                generators[i].style = .coordinate(latitude: lat, mode: m, pairKey: key)
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
