import SynthMath
import SynthTable

/// The baselines that draw every column independently of the others. One engine, four rule sets
/// (``Flavour``) for what each column's marginal is:
///
/// | flavour | categorical, boolean | integer | numerical, datetime |
/// |---|---|---|---|
/// | `uniform` (SDGym `UniformSynthesizer`) | uniform over observed categories, missing one of them | uniform integers in [min, max] | uniform in [min, max] of the mean-filled values |
/// | `column` (SDGym `ColumnSynthesizer`) | empirical frequencies, missing one of them | Gaussian mixture, min(distinct, 5) components, clipped, rounded | numerical: Gaussian mixture, clipped; datetime: as categories |
/// | `uniform_sampler` (SynthCity) | label-encoded columns: uniform over codes | uniform integers in [min, max] | uniform in [min, max] |
/// | `marginal_distributions` (named behaviour) | label-encoded columns: empirical code frequencies | empirical values | empirical values |
///
/// The SDGym flavours regenerate missing entries of numeric columns at the observed rate (RDT's
/// `FloatFormatter` / `UnixTimestampEncoder` defaults, mean replacement). `column` resamples a datetime
/// column's values as it does categories: SDGym hands a dataset over as `pd.read_csv` reads it, so dates
/// reach `ColumnSynthesizer` as text (dtype object), whose transformer it removes and whose values it
/// resamples with replacement (docs/synthesizers.md). The SynthCity flavours decide
/// "categorical" from SynthCity's label encoding (metadata `synthcityEncoding`), return numeric columns
/// complete (SynthCity samples inside [min, max]) and run ``SynthCityGenerationLoop`` (duplicate rows
/// dropped per batch, refilled up to `sampling_patience` rounds).
public final class IndependentColumnsSynthesizer: Synthesizer {
    public enum Flavour: String, Sendable, CaseIterable {
        case uniform
        case column
        case uniformSampler = "uniform_sampler"
        case marginalDistributions = "marginal_distributions"

        var isSynthCity: Bool { self == .uniformSampler || self == .marginalDistributions }
    }

    public let flavour: Flavour
    /// SynthCity's `sampling_patience` and `strict` (ignored by the SDGym flavours).
    public let samplingPatience: Int
    public let strict: Bool
    /// Seed of the fit's own draws (k-means++ seeding of the mixtures).
    public static let fitSeed: UInt64 = 73_251

    public private(set) var columns: [IndependentColumn]?
    public private(set) var fitNotes: [String: NoteValue] = [:]

    public init(flavour: Flavour, samplingPatience: Int = 500, strict: Bool = true) {
        precondition(samplingPatience >= 1, "sampling_patience must be at least 1")
        self.flavour = flavour
        self.samplingPatience = samplingPatience
        self.strict = strict
    }

    public func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws {
        columns = nil
        guard table.rowCount > 0 else { throw SynthesisError.invalidData("the table has no rows") }
        guard table.columnCount > 0 else { throw SynthesisError.invalidData("the table has no columns") }
        var models: [IndependentColumn] = []
        var components: [String: NoteValue] = [:]
        let root = RandomStream(seed: Self.fitSeed)
        for column in table.columns {
            try context.checkCancellation()
            guard let meta = metadata[column: column.name] else {
                throw SynthesisError.invalidData("column '\(column.name)' has no metadata (metadata columns: \(metadata.columnNames.joined(separator: ", ")))")
            }
            var stream = root.derived("column:\(column.name)")
            let model = try Self.model(for: column, metadata: meta, flavour: flavour, stream: &stream)
            if case .mixture(let gmm, _, _) = model.marginal { components[column.name] = .number(Double(gmm.componentCount)) }
            models.append(model)
        }
        var notes: [String: NoteValue] = ["flavour": .string(flavour.rawValue)]
        if !components.isEmpty { notes["mixture_components"] = .object(components) }
        switch flavour {
        case .column:
            notes["row_order"] = .string("mixture draws are i.i.d. per row; SDGym's GaussianMixture.sample returns them grouped by component")
        case .marginalDistributions:
            notes["behaviour"] = .string("each column from its empirical marginal (the plugin's name); SynthCity 0.2.12 itself samples uniformly in [min, max]")
        case .uniformSampler, .uniform: break
        }
        if flavour.isSynthCity {
            notes["sampling"] = .string("duplicate rows dropped per batch and refilled, at most \(samplingPatience) rounds (strict=\(strict))")
        }
        fitNotes = notes
        columns = models
    }

    /// The column's marginal under `flavour`.
    static func model(for column: Column, metadata: ColumnMetadata, flavour: Flavour,
                      stream: inout RandomStream) throws -> IndependentColumn {
        let categorical: Bool
        if flavour.isSynthCity {
            categorical = metadata.synthcityEncoding == .label || column.kind == .categorical || column.kind == .boolean
        } else {
            categorical = column.kind == .categorical || column.kind == .boolean
                || (flavour == .column && column.kind == .datetime)
        }
        let name = column.name
        if categorical {
            let coding = CategoryCoding(column)
            switch flavour {
            case .uniform, .uniformSampler:
                return IndependentColumn(name: name, marginal: .categories(nil), coding: coding)
            case .column, .marginalDistributions:
                return IndependentColumn(name: name, marginal: .categories(try AliasTable(weights: coding.counts.map(Double.init))),
                                         coding: coding)
            }
        }
        // Numbers: integer, numerical or datetime columns.
        let raw = column.doubles()
        let missing = column.missing
        // ±∞ would make every draw infinite (uniform) or fail the mixture; SDGym's and SynthCity's baselines refuse
        // it too (numpy's uniform overflows, scikit-learn's mixture rejects infinity).
        if let i = raw.indices.first(where: { !missing[$0] && !raw[$0].isFinite }) {
            throw SynthesisError.invalidValue(column: name, row: i, problem: "holds \(raw[i]); numerical values must be finite")
        }
        let shape: IndependentColumn.Shape
        switch column.values {
        case .integer: shape = .integer
        case .datetime(_, let format): shape = .datetime(format)
        default: shape = .numerical
        }
        let observed = raw.indices.filter { !missing[$0] }.map { raw[$0] }
        if flavour.isSynthCity {
            guard let low = observed.min(), let high = observed.max() else {
                // Nothing observed: every row stays missing.
                return IndependentColumn(name: name, marginal: .uniformReals(low: 0, high: 0), shape: shape,
                                         missingValues: MissingValueModel(values: raw, missing: missing))
            }
            switch flavour {
            case .uniformSampler:
                if case .integer = shape {
                    return IndependentColumn(name: name, marginal: .uniformIntegers(low: Int(low), high: Int(high)), shape: shape)
                }
                return IndependentColumn(name: name, marginal: .uniformReals(low: low, high: high), shape: shape)
            default:
                // Empirical marginal of the observed values (SynthCity `Distribution(data=...)`: value counts,
                // missing values dropped).
                let complete = Column(name: name, values: column.values, missing: [Bool](repeating: false, count: column.count))
                    .selecting(raw.indices.filter { !missing[$0] })
                let coding = CategoryCoding(complete)
                return IndependentColumn(name: name, marginal: .categories(try AliasTable(weights: coding.counts.map(Double.init))),
                                         coding: coding)
            }
        }
        // SDGym: RDT's default numeric handling, mean replacement and random missing-value generation.
        let missingValues = MissingValueModel(values: raw, missing: missing)
        let filled = missingValues.filled(raw, missing: missing)
        let low = filled.min()!, high = filled.max()!
        switch flavour {
        case .uniform:
            if case .integer = shape {
                return IndependentColumn(name: name, marginal: .uniformIntegers(low: Int(low), high: Int(high)),
                                         shape: shape, missingValues: missingValues)
            }
            return IndependentColumn(name: name, marginal: .uniformReals(low: low, high: high), shape: shape,
                                     missingValues: missingValues)
        default:
            let distinct = Set(filled).count
            let gmm: GaussianMixture1D
            do { gmm = try GaussianMixture1D.fit(filled, components: min(distinct, 5), stream: &stream) } catch {
                throw SynthesisError.numerical("column '\(name)': \(error.description)")
            }
            return IndependentColumn(name: name, marginal: .mixture(gmm, low: low, high: high), shape: shape,
                                     missingValues: missingValues)
        }
    }

    public func sample(count: Int, seed: UInt64, context: SynthesisContext) throws -> Table {
        guard let models = columns else { throw SynthesisError.notFitted(method: flavour.rawValue) }
        guard count >= 0 else {
            throw SynthesisError.invalidParameter(method: flavour.rawValue, name: "count", value: String(count),
                                                  requirement: "must be at least 0")
        }
        let root = RandomStream(seed: seed)
        func batch(_ n: Int, _ stream: inout RandomStream) throws -> Table {
            var out: [Column] = []
            for model in models {
                try context.checkCancellation()
                var s = stream.derived("column:\(model.name)")
                out.append(model.draw(count: n, stream: &s))
            }
            return try Table(columns: out)
        }
        if flavour.isSynthCity {
            return try SynthCityGenerationLoop(method: flavour.rawValue, samplingPatience: samplingPatience, strict: strict)
                .generate(count: count, stream: root, context: context, batch: batch)
        }
        var s = root
        return try batch(count, &s)
    }
}
