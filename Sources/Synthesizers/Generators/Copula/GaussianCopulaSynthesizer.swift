import Foundation
import Logging
import SynthMath
import SynthTable

/// SDV's `GaussianCopulaSynthesizer` (SDV 1.38 with Copulas' `GaussianMultivariate`).
///
/// Fit:
/// 1. ``TableTransformer``: numerical columns through `FloatFormatter` (mean replacement, missing rate,
///    learned rounding, min/max), categorical and boolean columns through `UniformEncoder`, datetimes
///    through `UnixTimestampEncoder`; id/PII columns are generated, not modelled.
/// 2. Every processed column (the uniform-encoder floats and timestamps included) gets its univariate
///    marginal: the family named in `numerical_distributions`, else `default_distribution` (beta). A fit
///    that throws falls back to `norm`, as Copulas does, and the fallback is recorded in ``fitNotes``.
/// 3. Normal scores z = Φ⁻¹(clip(F(x), ε, 1 − ε)), ε = float32 epsilon; their Pearson correlation matrix
///    (pandas `DataFrame.corr`), NaN entries (constant columns) set to 0; when cond(R) > 1/ε₆₄ the matrix
///    gets ε·I added (Copulas' `_get_correlation`).
/// Sample: Z ~ N(0, R) through R's Cholesky factor (LAPACK), x_j = F_j⁻¹(Φ(z_j)) (through a verified
/// ``NormalScoreQuantileTable`` per column), then the reverse transforms.
///
/// Randomness: the fit's uniform-encoder draws come from a fixed stream (``fitSeed``, SDV's
/// `FIXED_RNG_SEED`), so a fit is a function of the table alone; `sample(count:seed:)` draws everything
/// from `seed`. The same table and seed give the same synthetic table byte for byte.
///
/// Sampling runs in blocks of ``blockRows`` rows, each from streams of its own (block 0 from the streams a
/// single draw always used), so memory grows with the block, not the row count, and a table streamed in
/// chunks (``ChunkedSampling``) is byte for byte the table sampled whole. A table with generated id/PII
/// columns is drawn as one block: its running ids and distinct values are defined over all rows.
public final class GaussianCopulaSynthesizer: Synthesizer, ChunkedSampling {
    /// Rows per sampling block: part of what a seed means (another block size draws other rows).
    public static let blockRows = 65_536
    /// Rows whose normal scores go through the marginals' quantiles together (not part of what a seed means).
    static let quantileTileRows = 512

    public struct Configuration: Sendable, Equatable {
        public var defaultDistribution: DistributionFamily
        /// `column:family,...`, validated against the table at fit time (``NumericalDistributions``).
        public var numericalDistributions: String
        public var enforceMinMaxValues: Bool
        public var enforceRounding: Bool
        /// How generated latitude/longitude columns are drawn (not an SDV parameter; SDV draws them
        /// independently).
        public var coordinates: CoordinateMode

        public init(defaultDistribution: DistributionFamily = .beta, numericalDistributions: String = "",
                    enforceMinMaxValues: Bool = true, enforceRounding: Bool = true,
                    coordinates: CoordinateMode = .places) {
            self.defaultDistribution = defaultDistribution
            self.numericalDistributions = numericalDistributions
            self.enforceMinMaxValues = enforceMinMaxValues
            self.enforceRounding = enforceRounding
            self.coordinates = coordinates
        }
    }

    /// One modelled column's marginal.
    public struct Marginal: Sendable {
        public let column: String
        /// The family asked for (numerical_distributions or the default).
        public let requested: DistributionFamily
        /// The fitted distribution (a `norm` when the requested family failed).
        public let distribution: any UnivariateDistribution
        /// Why the requested family could not be fitted, when it could not.
        public let fallbackReason: String?
        public let quantiles: NormalScoreQuantileTable
    }

    struct Fitted {
        let transformer: TableTransformer
        let marginals: [Marginal]
        let correlation: Matrix
        let normal: MultivariateNormal?
        let notes: [String: NoteValue]
    }

    public static let methodName = "gc"
    /// The seed of the fit's own draws: SDV's `FIXED_RNG_SEED`.
    public static let fitSeed: UInt64 = 73_251

    public let configuration: Configuration
    private var fitted: Fitted?

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// From the registry's validated parameters (see ``MethodCatalog``).
    public convenience init(parameters p: ResolvedParameters) {
        // The choice parameter admits only family names, so this lookup cannot fail.
        let family = DistributionFamily(sdvName: p.string("default_distribution")) ?? .beta
        self.init(configuration: Configuration(
            defaultDistribution: family, numericalDistributions: p.string("numerical_distributions"),
            enforceMinMaxValues: p.bool("enforce_min_max_values"), enforceRounding: p.bool("enforce_rounding"),
            coordinates: CoordinateMode(rawValue: p.string("coordinates")) ?? .places))
    }

    /// The fitted marginals, in processed-column order (nil before `fit`).
    public var marginals: [Marginal]? { fitted?.marginals }

    /// The correlation matrix of the normal scores, after the conditioning fix (nil before `fit`).
    public var correlation: Matrix? { fitted?.correlation }

    /// SDV's `get_learned_distributions()`: per column the distribution name and its parameters.
    public var learnedDistributions: [(column: String, distribution: String, parameters: [String: Double])] {
        (fitted?.marginals ?? []).map { ($0.column, $0.distribution.name, $0.distribution.parameters) }
    }

    public var fitNotes: [String: NoteValue] { fitted?.notes ?? [:] }

    public func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws {
        fitted = nil
        try context.checkCancellation()
        context.progress(.stage("transform"))
        let spec = try NumericalDistributions.parse(configuration.numericalDistributions, columns: table.columnNames)
        let transformer = try TableTransformer(fitting: table, metadata: metadata,
                                               enforceMinMaxValues: configuration.enforceMinMaxValues,
                                               enforceRounding: configuration.enforceRounding,
                                               coordinates: configuration.coordinates)
        // Each column is dropped once its scores are made, so the fit never holds both whole matrices.
        var processed = try transformer.transform(table, stream: RandomStream(seed: Self.fitSeed))
        let names = transformer.modelledNames
        var notes = transformer.notes
        let unmodelled = spec.entries.map(\.column).filter { !names.contains($0) }
        if !unmodelled.isEmpty {
            // SDV warns: "Cannot use distribution ... because the column is not statistically modeled."
            notes["numerical_distributions_ignored"] = .strings(unmodelled)
        }

        context.progress(.stage("fit-columns"))
        var marginals: [Marginal] = []
        var scores: [[Double]] = []
        var fallbacks: [String: NoteValue] = [:], tables: [String: NoteValue] = [:]
        var outsideSupport: [String: NoteValue] = [:]
        for (j, name) in names.enumerated() {
            try context.checkCancellation()
            let requested = spec.family(for: name) ?? configuration.defaultDistribution
            let values = processed[j]
            var fallbackReason: String? = nil
            let distribution: any UnivariateDistribution
            do {
                distribution = try requested.fit(values)
            } catch {
                fallbackReason = error.description
                fallbacks[name] = .string("\(error.description); fitted norm instead")
                context.logger.info("Unable to fit to a \(requested.rawValue) distribution for column \(name). Using a Gaussian distribution instead. (\(error.description))")
                do { distribution = try DistributionFamily.norm.fit(values) } catch {
                    throw SynthesisError.numerical("column '\(name)': the \(requested.rawValue) fit failed and so did the norm fallback: \(error.description)")
                }
            }
            let columnScores = NormalScores.compute(values, distribution)
            // Values the marginal puts outside its support (score clipped at Φ⁻¹(ε)): a fit that misses the
            // data, as scipy's beta fit sometimes does (SDV #1686); reported, not corrected.
            let clipped = columnScores.filter { abs($0) >= NormalScores.clippedScore }.count
            if Double(clipped) > 0.01 * Double(values.count) {
                outsideSupport[name] = .string("\(clipped) of \(values.count) values lie outside the fitted \(distribution.name) support")
            }
            scores.append(columnScores)
            processed[j] = []
            let quantiles = NormalScoreQuantileTable(distribution)
            let coarse = quantiles.coarseStretches.map { "; coarse on [\($0.zLow), \($0.zHigh)] within \($0.bound)" }
            tables[name] = .string(quantiles.isTabulated
                ? "\(quantiles.intervals) intervals on z in [\(quantiles.zLow), \(quantiles.zHigh)], max error \(quantiles.maximumError)"
                    + coarse.joined()
                : "exact ppf (no table met the tolerance)")
            marginals.append(Marginal(column: name, requested: requested, distribution: distribution,
                                      fallbackReason: fallbackReason, quantiles: quantiles))
        }

        context.progress(.stage("correlation"))
        try context.checkCancellation()
        let d = names.count
        var correlation = Matrix(rows: d, cols: d)
        var normal: MultivariateNormal? = nil
        if d > 0 {
            correlation = try Correlation.matrix(columns: scores)
            for i in correlation.storage.indices where correlation.storage[i].isNaN { correlation.storage[i] = 0 }
            let condition = try correlation.symmetricConditionNumber()
            var regularised = false
            if condition > 1 / Double.ulpOfOne {
                Self.addEpsilonToDiagonal(&correlation)
                regularised = true
                notes["correlation_regularised"] = .string("cond(R) = \(condition) > 1/float64 eps: added float32 eps * I (Copulas)")
            }
            do {
                normal = try MultivariateNormal(mean: [Double](repeating: 0, count: d), covariance: correlation)
            } catch {
                // Rounding can leave a near-singular R indefinite; Copulas' numpy sampler would use an SVD.
                guard !regularised else {
                    throw SynthesisError.numerical("the correlation matrix of the normal scores is not positive definite even with eps * I added")
                }
                Self.addEpsilonToDiagonal(&correlation)
                notes["correlation_regularised"] = .string("Cholesky failed (cond(R) = \(condition)): added float32 eps * I")
                do {
                    normal = try MultivariateNormal(mean: [Double](repeating: 0, count: d), covariance: correlation)
                } catch {
                    throw SynthesisError.numerical("the correlation matrix of the normal scores is not positive definite even with eps * I added")
                }
            }
        }
        notes["distributions"] = .object(Dictionary(uniqueKeysWithValues: marginals.map { ($0.column, NoteValue.string($0.distribution.name)) }))
        if !fallbacks.isEmpty { notes["fallbacks"] = .object(fallbacks) }
        if !outsideSupport.isEmpty { notes["outside_support"] = .object(outsideSupport) }
        notes["quantile_tables"] = .object(tables)
        notes["fit_seed"] = .number(Double(Self.fitSeed))
        fitted = Fitted(transformer: transformer, marginals: marginals, correlation: correlation, normal: normal,
                        notes: notes)
    }

    static func addEpsilonToDiagonal(_ m: inout Matrix) {
        for i in 0..<m.rows { m[i, i] += NormalScores.epsilon }
    }

    public func sample(count: Int, seed: UInt64, context: SynthesisContext) throws -> Table {
        var parts: [Table] = []
        try sample(count: count, seed: seed, context: context) { parts.append($0) }
        return Table.concatenating(parts)
    }

    public func sample(count: Int, seed: UInt64, context: SynthesisContext, chunk: (Table) throws -> Void) throws {
        guard let f = fitted else { throw SynthesisError.notFitted(method: Self.methodName) }
        guard count >= 0 else {
            throw SynthesisError.invalidParameter(method: Self.methodName, name: "count", value: String(count),
                                                  requirement: "must be at least 0")
        }
        let root = RandomStream(seed: seed)
        let whole = f.transformer.entries.contains { $0.isGenerated }
        let size = whole ? max(count, 1) : Self.blockRows
        var start = 0, block = 0
        repeat {
            try context.checkCancellation()
            let rows = min(size, count - start)
            try chunk(try sampleBlock(f, rows: rows, streams: root, block: block, context: context))
            start += rows
            block += 1
        } while start < count
    }

    /// One block: Z ~ N(0, R), the marginals' quantiles, the reverse transforms, from the block's streams.
    func sampleBlock(_ f: Fitted, rows count: Int, streams root: RandomStream, block: Int,
                     context: SynthesisContext) throws -> Table {
        let suffix = block == 0 ? "" : ".\(block)"
        let d = f.marginals.count
        var columns: [[Double]] = []
        columns.reserveCapacity(d)
        if let normal = f.normal {
            // A numerical column's formatter settles the values whose rounding and clipping the table's
            // coarse stretches can decide (`NormalScoreQuantileTable.values(_:stride:count:into:settles:)`).
            let formatters: [FloatFormatter?] = f.transformer.entries.filter { !$0.isGenerated }.map {
                if case .float(let formatter) = $0.role { formatter } else { nil }
            }
            var stream = root.derived("normal" + suffix)
            let z = normal.sample(count: count, using: &stream)
            // Every value is written below (the tiles cover all rows).
            for _ in 0..<d { columns.append([Double](unsafeUninitializedCapacity: count) { $1 = count }) }
            let settles = formatters.map { $0.map { $0.formatsAlike } }
            try z.storage.withUnsafeBufferPointer { p in
                guard let base = p.baseAddress else { return }
                // Row tiles that stay in cache while each column reads its strided scores: a whole block's
                // scores (8 MB for adult) would be streamed from memory once per column.
                for start in stride(from: 0, to: count, by: Self.quantileTileRows) {
                    try context.checkCancellation()
                    let rows = min(Self.quantileTileRows, count - start)
                    for j in 0..<d {
                        columns[j].withUnsafeMutableBufferPointer { o in
                            f.marginals[j].quantiles.values(base + start * d + j, stride: d, count: rows,
                                                            into: UnsafeMutableBufferPointer(rebasing: o[start..<(start + rows)]),
                                                            settles: settles[j])
                        }
                    }
                }
            }
        }
        return try f.transformer.reverse(columns, rowCount: count, stream: root.derived("reverse" + suffix))
    }
}
