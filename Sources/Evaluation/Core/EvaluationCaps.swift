/// The row caps of the metrics whose cost grows faster than the rows (docs/scale.md#the-evaluation-caps),
/// one per cost class, because the two classes cost very differently per row:
///
/// - `classifier`: the forests (TSTR, the detection and membership-fallback forests) and the C2ST
///   classifiers, O(n log n) per tree; 50,000 rows (SDMetrics' own subsample) cost a few CPU seconds.
/// - `quadratic`: the nearest-neighbour, kernel-density and mixture metrics (`distance`, `membership`,
///   `anonymeter`), O(n · m); at 50,000 rows they would take minutes, so their default is lower.
///
/// nil means every row. A run's figures name the cap each metric used (its `details.subsample`).
public struct EvaluationCaps: Sendable, Equatable {
    /// Which cap a subsampled ``Metric`` computes under.
    public enum Kind: String, Sendable, CaseIterable {
        case classifier, quadratic
    }

    public var classifier: Int?
    public var quadratic: Int?

    /// SDMetrics' 50,000-row subsample.
    public static let defaultClassifier: Int? = TrainingSubsample.defaultCap
    /// The quadratic suites' default: what keeps `generate` on adult x30 within its time budget
    /// (docs/scale.md measures what it changes against larger caps).
    public static let defaultQuadratic: Int? = 5_000

    public static let `default` = EvaluationCaps(classifier: defaultClassifier, quadratic: defaultQuadratic)

    /// No cap: every metric reads every row.
    public static let none = EvaluationCaps(classifier: nil, quadratic: nil)

    public init(classifier: Int?, quadratic: Int?) {
        precondition((classifier ?? 1) >= 1 && (quadratic ?? 1) >= 1, "an evaluation cap must be at least 1 row")
        self.classifier = classifier
        self.quadratic = quadratic
    }

    /// One cap for both classes.
    public init(both cap: Int?) {
        self.init(classifier: cap, quadratic: cap)
    }

    /// The caps as a command line or a grid spec gives them, each nil when not given and 0 for every row:
    /// a class's own value, else `cap` (the default for both), else the class's default.
    public init(cap: Int?, classifier: Int?, quadratic: Int?) {
        func resolve(_ own: Int?, _ fallback: Int?) -> Int? {
            guard let given = own ?? cap else { return fallback }
            return given == 0 ? nil : given
        }
        self.init(classifier: resolve(classifier, Self.defaultClassifier),
                  quadratic: resolve(quadratic, Self.defaultQuadratic))
    }

    public subscript(kind: Kind) -> Int? {
        switch kind {
        case .classifier: return classifier
        case .quadratic: return quadratic
        }
    }

    /// The larger cap (nil when either class reads every row): how many rows of a table some metric may read.
    public var largest: Int? {
        guard let c = classifier, let q = quadratic else { return nil }
        return max(c, q)
    }
}
