/// How much work the shadow-model attack (``ShadowModelSuite``) does: how many targets it attacks, how many
/// balanced refit pairs train and test its classifier per target, and the largest training table it accepts.
/// `--shadow targets=T,training_pairs=N,test_pairs=M,max_rows=R` on `generate`, `shadow` in grid specs
/// (docs/metrics.md, the shadow suite). The attack refits the generator `targets × 2 × (training_pairs +
/// test_pairs)` times, so these settings decide its cost; the defaults (3, 20, 10, 2,000: 180 refits) are
/// the smallest that give a usable confidence interval on small tables. TAPAS' own examples use 1 target and
/// 1,000 training pairs, which only a fast generator affords.
public struct ShadowAttackSettings: Sendable, Hashable, CustomStringConvertible {
    public var targets: Int
    public var trainingPairs: Int
    public var testPairs: Int
    /// Larger training tables are refused before anything is fitted.
    public var maxTrainingRows: Int

    public init(targets: Int = 3, trainingPairs: Int = 20, testPairs: Int = 10, maxTrainingRows: Int = 2_000) {
        self.targets = targets; self.trainingPairs = trainingPairs; self.testPairs = testPairs
        self.maxTrainingRows = maxTrainingRows
    }

    /// Generator refits per attack.
    public var refits: Int { targets * 2 * (trainingPairs + testPairs) }

    /// The names ``parse(_:)`` and grid specs read, in order, with each value.
    public var fields: [(name: String, value: Int)] {
        [("targets", targets), ("training_pairs", trainingPairs), ("test_pairs", testPairs), ("max_rows", maxTrainingRows)]
    }

    /// `targets=T,training_pairs=N,test_pairs=M,max_rows=R`, the form ``parse(_:)`` reads.
    public var description: String { fields.map { "\($0.name)=\($0.value)" }.joined(separator: ",") }

    /// The settings with the named field set; `where` names the source in errors (`--shadow`, `shadow`).
    public func setting(_ name: String, to value: Int, where source: String) throws(EvaluationError) -> ShadowAttackSettings {
        var s = self
        switch name {
        case "targets": s.targets = value
        case "training_pairs": s.trainingPairs = value
        case "test_pairs": s.testPairs = value
        case "max_rows": s.maxTrainingRows = value
        default:
            throw .invalidOption(name: "\(source) \(name)", value: String(value),
                                 expected: "one of targets, training_pairs, test_pairs, max_rows")
        }
        return s
    }

    /// Checks the values; `source` names where they came from in errors.
    public func validated(_ source: String) throws(EvaluationError) -> ShadowAttackSettings {
        // Each pair side needs both labels for the forest, and a test AUC needs a member and a non-member.
        let minimum = ["targets": 1, "training_pairs": 2, "test_pairs": 1, "max_rows": 3]
        for (name, value) in fields where value < minimum[name]! {
            throw .invalidOption(name: "\(source) \(name)", value: String(value), expected: "an integer of at least \(minimum[name]!)")
        }
        return self
    }

    /// Parses `key=value` pairs separated by commas; keys left out keep their defaults.
    public static func parse(_ text: String, source: String = "--shadow") throws(EvaluationError) -> ShadowAttackSettings {
        var settings = ShadowAttackSettings()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let kv = part.split(separator: "=", maxSplits: 1).map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
            guard kv.count == 2, !kv[0].isEmpty else {
                throw .invalidOption(name: source, value: String(part),
                                     expected: "key=value pairs: targets=T,training_pairs=N,test_pairs=M,max_rows=R")
            }
            guard let value = Int(kv[1]) else {
                throw .invalidOption(name: "\(source) \(kv[0])", value: kv[1], expected: "an integer")
            }
            settings = try settings.setting(kv[0], to: value, where: source)
        }
        return try settings.validated(source)
    }
}
