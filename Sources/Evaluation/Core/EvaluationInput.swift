import SynthTable

/// What every metric computes on: the real (training) table, the synthetic table, the metadata that
/// describes their columns, an optional real hold-out table the generator never saw (TSTR tests on it
/// when present), the seed every random choice of the evaluation derives from, and the row caps of the
/// metrics whose cost grows faster than the rows (``EvaluationCaps``, ``EvaluationSubsample``).
public struct EvaluationInput: Sendable {
    public var real: Table
    public var synthetic: Table
    public var metadata: Metadata
    public var holdout: Table?
    public var seed: UInt64
    /// At most this many rows of each table train the classifiers (``EvaluationCaps/classifier``) and
    /// feed the nearest-neighbour and density metrics (``EvaluationCaps/quadratic``), a seeded, stratified
    /// ``TrainingSubsample``.
    public var caps: EvaluationCaps
    /// Quasi-identifiers declared by the user (`--quasi-identifiers`, a spec's `quasi_identifiers`), in the
    /// order given; nil lets the `anonymity` and `anonymeter` suites choose (``QuasiIdentifiers``).
    public var quasiIdentifiers: [String]?
    /// The run's generator, refittable, for the shadow-model attack (``ShadowModelSuite``); nil outside a run.
    public var shadowGenerator: ShadowGenerator? = nil
    /// How much work that attack does (`--shadow`, a spec's `shadow`).
    public var shadowSettings = ShadowAttackSettings()
    /// In a capped view (``EvaluationSubsample``): the whole tables and the rows the view kept; nil on the
    /// input as given. Read it through ``wholeTables``.
    public internal(set) var uncapped: UncappedTables? = nil

    public init(real: Table, synthetic: Table, metadata: Metadata, holdout: Table? = nil, seed: UInt64,
                caps: EvaluationCaps = .default, quasiIdentifiers: [String]? = nil) {
        self.real = real
        self.synthetic = synthetic
        self.metadata = metadata
        self.holdout = holdout
        self.seed = seed
        self.caps = caps
        self.quasiIdentifiers = quasiIdentifiers
    }

    /// One cap for both cost classes (nil: every row).
    public init(real: Table, synthetic: Table, metadata: Metadata, holdout: Table? = nil, seed: UInt64, cap: Int?,
                quasiIdentifiers: [String]? = nil) {
        self.init(real: real, synthetic: synthetic, metadata: metadata, holdout: holdout, seed: seed,
                  caps: EvaluationCaps(both: cap), quasiIdentifiers: quasiIdentifiers)
    }

    /// The whole tables behind this input (the input's own tables, every row kept, when it is not a capped view).
    public var wholeTables: UncappedTables {
        uncapped ?? UncappedTables(real: real, synthetic: synthetic, holdout: holdout,
                                   realRows: Array(0..<real.rowCount), syntheticRows: Array(0..<synthetic.rowCount),
                                   holdoutRows: holdout.map { Array(0..<$0.rowCount) })
    }

    /// The metadata's columns whose SDV sdtype is one of `sdtypes`, in metadata order.
    public func columns(withSdtypes sdtypes: Set<SDVSdtype>) -> [ColumnMetadata] {
        metadata.columns.filter { sdtypes.contains($0.sdtype) }
    }

    /// The named column of the real and the synthetic table; throws when either lacks it.
    public func columnPair(_ name: String) throws(EvaluationError) -> (real: Column, synthetic: Column) {
        guard let r = real[name] else { throw .missingColumn(table: "real", column: name) }
        guard let s = synthetic[name] else { throw .missingColumn(table: "synthetic", column: name) }
        return (r, s)
    }
}

extension SDVSdtype {
    /// numerical and datetime: the sdtypes SDMetrics treats as continuous and the payload as numerical.
    public static let continuous: Set<SDVSdtype> = [.numerical, .datetime]
    /// categorical and boolean: the sdtypes SDMetrics treats as discrete.
    public static let discrete: Set<SDVSdtype> = [.categorical, .boolean]
}
