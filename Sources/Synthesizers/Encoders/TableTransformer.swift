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
/// - `id`, PII sdtypes and `unknown`: not modelled (``GeneratedColumns`` decides, as for every generator);
///   ``IdentifierGenerator`` generates them on reverse as SDV's RegexGenerator / AnonymizedFaker would
///   (regex ids, PII values from bundled lists, coordinates). A PII column with `pii: false` is modelled as
///   categorical, as SDV does. A boolean or datetime column with such an sdtype (other than
///   `date_of_birth`) is modelled as categorical or datetime instead; ``notes`` says so.
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
    /// The columns generated rather than modelled (shared with the neural and diffusion generators).
    public let generated: GeneratedColumns
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
        let generated = try GeneratedColumns(fitting: table, metadata: metadata, coordinates: coordinates)
        var entries: [Entry] = []
        for column in table.columns {
            let meta = metadata[column: column.name]!  // GeneratedColumns checked every column's metadata
            let role: Role
            if let generator = generated[column.name] {
                role = .generated(generator)
            } else {
                switch generated.modelledSdtype(of: meta) {
                case .numerical:
                    role = .float(try FloatFormatter(fitting: column, learnRoundingScheme: enforceRounding,
                                                     enforceMinMaxValues: enforceMinMaxValues))
                case .datetime:
                    role = .timestamp(try UnixTimestampEncoder(fitting: column, enforceMinMaxValues: enforceMinMaxValues))
                default:  // categorical, boolean, and PII columns with `pii: false`
                    role = .uniform(UniformEncoder(fitting: column))
                }
            }
            entries.append(Entry(name: column.name, sdtype: meta.sdtype, role: role))
        }
        self.entries = entries
        self.generated = generated
        fittedRowCount = table.rowCount
        notes = generated.notes
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
            if case .generated(let g) = entry.role {
                out.append(generated.generate(g, rowCount: rows, stream: stream))
                continue
            }
            var s = stream.derived("reverse:\(entry.name)")
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
