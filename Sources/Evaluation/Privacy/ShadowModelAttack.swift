import SynthCore
import SynthMath
import SynthTable

/// The shadow-model membership attack of TAPAS (`TargetedMIA` with `AuxiliaryDataKnowledge` and black-box
/// generator knowledge, attacked by `GroundhogAttack`; Stadler, Oprisanu and Troncoso, USENIX Security 2022).
///
/// The attacker knows an auxiliary real table (the run's hold-out: never a training row other than the target),
/// the generator's method and parameters (``ShadowGenerator``), and one target record; the question is whether
/// the target was in the generator's training data. For each target:
/// 1. the hold-out is shuffled (seeded) and halved: a pool for the attacker's training tables and one for
///    the evaluation tables, so that no auxiliary row serves both;
/// 2. `trainingPairs` times, n rows are drawn from the first pool without replacement; the generator is
///    refitted on those rows plus the target (label member) and on the same rows without it (label
///    non-member), TAPAS' balanced pairs (`generate_pairs=True`, the target appended); n is the training
///    table's rows − 1, at most half the pool's rows (so that the shadow tables differ: with the default
///    20 % hold-out they are much smaller than the training table, where one record weighs more); each refit
///    samples as many rows, relative to its training rows, as the run did;
/// 3. each synthetic table becomes a vector of ``GroundhogFeatures`` and a random forest (100 trees,
///    scikit-learn's defaults, as Groundhog) learns membership from them;
/// 4. `testPairs` fresh pairs from the second pool are refitted and scored the same way: the forest's
///    member probability is the score. AUC over them; accuracy and advantage TPR − FPR with the forest's own
///    decision (member when the probability is above 0.5, scikit-learn's `predict`).
///
/// Targets: the `targets` most isolated training rows, by the mean Gower distance (ranges of the training
/// table) to their two nearest other training rows, ties to the lower row index. Stadler et al. and Meeus et al.
/// ("Achilles' heels", 2023, mean distance to the 5 nearest) find outliers the most exposed records; the two
/// nearest are what the blocked neighbour search gives.
///
/// Cost: targets × 2 × (trainingPairs + testPairs) generator fits (180 at the defaults), hence opt-in and
/// bounded to ``ShadowAttackSettings/maxTrainingRows`` training rows (``ShadowAttackSettings`` sets the counts).
struct ShadowModelAttack: Sendable {
    /// Scikit-learn's defaults, as Groundhog uses them.
    static let forestOptions = RandomForestClassifier.Options()

    /// One target's game.
    struct Target: Sendable {
        /// The target's row in the training table.
        var row: Int
        /// Its mean Gower distance to its two nearest other training rows (the selection rule).
        var isolation: Double
        var memberScores: [Double]
        var nonMemberScores: [Double]
        /// The forest's member probability for the released synthetic table itself (the target was a member).
        var releaseScore: Double
    }

    var targets: [Target]
    /// Rows of each shadow training table without the target.
    var shadowRows: Int
    /// Rows sampled from each refitted generator.
    var shadowSyntheticRows: Int
    var refits: Int
    /// The settings the attack ran with (recorded in its details).
    var settings: ShadowAttackSettings
    var method: String
    var summary: ScoreSummary

    /// AUC, advantage and accuracy averaged over the targets, each with its percentile bootstrap interval
    /// (every round resamples each target's member and non-member scores, then averages).
    struct ScoreSummary: Sendable {
        var auc: Interval
        var advantage: Interval
        var accuracy: Interval

        struct Interval: Sendable { var value, low, high: Double }

        static let rounds = MembershipAttack.bootstrapRounds
        static let confidence = MembershipAttack.confidence

        init(_ targets: [(members: [Double], nonMembers: [Double])], seed: UInt64) throws {
            func figures(_ t: [(members: [Double], nonMembers: [Double])]) -> (Double, Double, Double) {
                var auc = 0.0, adv = 0.0, acc = 0.0
                for (m, n) in t {
                    let labels = [Bool](repeating: true, count: m.count) + [Bool](repeating: false, count: n.count)
                    auc += ROCAUC.binary(labels: labels, scores: m + n)
                    let tpr = Double(m.filter { $0 > 0.5 }.count) / Double(m.count)
                    let fpr = Double(n.filter { $0 > 0.5 }.count) / Double(n.count)
                    adv += tpr - fpr
                    acc += (tpr * Double(m.count) + (1 - fpr) * Double(n.count)) / Double(m.count + n.count)
                }
                let k = Double(t.count)
                return (auc / k, adv / k, acc / k)
            }
            let point = figures(targets)
            var rng = RandomStream(seed: seed)
            var samples: [[Double]] = [[], [], []]
            for _ in 0..<Self.rounds {
                let resampled = targets.map { (m, n) in
                    ((0..<m.count).map { _ in m[rng.nextInt(below: m.count)] }, (0..<n.count).map { _ in n[rng.nextInt(below: n.count)] })
                }
                let f = figures(resampled)
                samples[0].append(f.0); samples[1].append(f.1); samples[2].append(f.2)
            }
            let tail = (1 - Self.confidence) / 2
            func interval(_ value: Double, _ s: [Double]) throws -> Interval {
                Interval(value: value, low: try Quantiles.quantile(s, tail), high: try Quantiles.quantile(s, 1 - tail))
            }
            auc = try interval(point.0, samples[0])
            advantage = try interval(point.1, samples[1])
            accuracy = try interval(point.2, samples[2])
        }
    }

    /// Plays the game for every target. `input` must carry a hold-out of at least 8 rows, a training table of
    /// at least 3 rows and compared columns (``ShadowModelSuite`` checks).
    init(_ input: EvaluationInput, generator: ShadowGenerator, options: ShadowAttackSettings) throws {
        let train = input.real, holdout = input.holdout!
        try Self.checkSize(trainingRows: train.rowCount, options: options)
        let columns = input.comparedColumns.map(\.name)
        for c in input.metadata.columns.map(\.name) {
            guard let a = train[c], let b = holdout[c] else { continue }
            if a.kind != b.kind {
                throw EvaluationError.wrongColumnKind(column: c, kind: "\(b.kind.rawValue) in the hold-out",
                                                      expected: "the training table's kind (\(a.kind.rawValue))")
            }
        }
        let root = RandomStream(seed: input.seed)
        var split = root.derived("shadow.split")
        let order = split.permutation(holdout.rowCount)
        let half = holdout.rowCount / 2
        let trainingPool = holdout.selectingRows(Array(order[..<half]))
        let testPool = holdout.selectingRows(Array(order[half...]))
        // Half a pool, so that the shadow tables of one pool differ from each other.
        let n = min(train.rowCount - 1, trainingPool.rowCount / 2)
        let ratio = Double(input.synthetic.rowCount) / Double(train.rowCount)
        let syntheticRows = max(1, Int((Double(n + 1) * ratio).rounded()))

        let picked = try Self.isolatedRows(input, count: min(options.targets, train.rowCount))
        let targetRows = picked.map { train.selectingRows([$0.row]) }
        let schema = try GroundhogFeatures(known: [holdout] + targetRows, columns: columns)
        let releaseFeatures = try schema.features(of: input.synthetic)

        var games: [Target] = []
        for (t, target) in picked.enumerated() {
            let key = "shadow.target\(t)"
            func pairs(_ pool: Table, _ count: Int, _ phase: String) throws -> (features: [[Double]], labels: [Int]) {
                var rng = root.derived("\(key).\(phase).sample")
                var features: [[Double]] = [], labels: [Int] = []
                for i in 0..<count {
                    let sample = pool.selectingRows(Array(rng.permutation(pool.rowCount).prefix(n)))
                    for member in [true, false] {
                        let training = member ? Table.concatenating([sample, targetRows[t]]) : sample
                        let seed = root.derivedSeed("\(key).\(phase)\(i).\(member ? "in" : "out")")
                        let synthetic: Table
                        do { synthetic = try generator.refit(training, syntheticRows, seed) } catch {
                            throw EvaluationError.unsupported(
                                metric: "shadow", reason: "refitting \(generator.method) on a shadow training table failed: \(error)")
                        }
                        features.append(try schema.features(of: synthetic))
                        labels.append(member ? 1 : 0)
                    }
                }
                return (features, labels)
            }
            let training = try pairs(trainingPool, options.trainingPairs, "train")
            let forest = RandomForestClassifier(features: Self.columnMajor(training.features), labels: training.labels,
                                                classCount: 2, options: Self.forestOptions,
                                                seed: root.derivedSeed("\(key).forest"))
            let test = try pairs(testPool, options.testPairs, "test")
            let scores = forest.predictProbability(Self.columnMajor(test.features))
            let release = forest.predictProbability(Self.columnMajor([releaseFeatures]))[0]
            games.append(Target(row: target.row, isolation: target.isolation,
                                memberScores: zip(scores, test.labels).filter { $0.1 == 1 }.map(\.0),
                                nonMemberScores: zip(scores, test.labels).filter { $0.1 == 0 }.map(\.0),
                                releaseScore: release))
        }
        targets = games
        shadowRows = n
        shadowSyntheticRows = syntheticRows
        refits = picked.count * 2 * (options.trainingPairs + options.testPairs)
        settings = options
        method = generator.method
        summary = try ScoreSummary(games.map { ($0.memberScores, $0.nonMemberScores) },
                                   seed: root.derivedSeed("shadow.bootstrap"))
    }

    /// Refuses a training table above the bound, naming the cost.
    static func checkSize(trainingRows: Int, options: ShadowAttackSettings = ShadowAttackSettings()) throws(EvaluationError) {
        guard trainingRows <= options.maxTrainingRows else {
            throw .unsupported(metric: "shadow",
                               reason: "the training table has \(trainingRows) rows; the shadow-model attack refits the generator \(options.refits) times and runs on at most \(options.maxTrainingRows) training rows (raise it with --shadow max_rows=N or a spec's shadow.max_rows; docs/metrics.md, the shadow suite)")
        }
    }

    /// The `count` training rows farthest from their two nearest other training rows (mean Gower distance over
    /// the compared columns), most isolated first, ties to the lower index.
    static func isolatedRows(_ input: EvaluationInput, count: Int) throws -> [(row: Int, isolation: Double)] {
        let train = try input.comparedTable(input.real, "real")
        let g = try GowerFeatures([train], columns: input.comparedColumns, range: .table(0))
        let nearest = g.nearest(0, in: 0, excludeSelf: true)
        let isolation = zip(nearest.first, nearest.second).map { ($0 + $1) / 2 }
        let order = isolation.indices.sorted { isolation[$0] != isolation[$1] ? isolation[$0] > isolation[$1] : $0 < $1 }
        return order.prefix(count).map { ($0, isolation[$0]) }
    }

    /// Row vectors as the forest's column-major features.
    static func columnMajor(_ rows: [[Double]]) -> [[Double]] {
        guard let d = rows.first?.count else { return [] }
        return (0..<d).map { j in rows.map { $0[j] } }
    }

    var details: JSONValue {
        [
            "auc_ci_low": .number(summary.auc.low), "auc_ci_high": .number(summary.auc.high),
            "advantage": .number(summary.advantage.value), "advantage_ci_low": .number(summary.advantage.low),
            "advantage_ci_high": .number(summary.advantage.high),
            "accuracy": .number(summary.accuracy.value), "accuracy_ci_low": .number(summary.accuracy.low),
            "accuracy_ci_high": .number(summary.accuracy.high),
            "ci_level": .number(ScoreSummary.confidence), "bootstrap_rounds": .number(Double(ScoreSummary.rounds)),
            "method": .string(method), "refits": .number(Double(refits)),
            "settings": .object(Dictionary(uniqueKeysWithValues: settings.fields.map { ($0.name, .number(Double($0.value))) })),
            "shadow_training_rows": .number(Double(shadowRows)), "shadow_synthetic_rows": .number(Double(shadowSyntheticRows)),
            "target_rule": "the most isolated training rows: largest mean Gower distance to their two nearest other training rows",
            "targets": .array(targets.map { t in
                let labels = [Bool](repeating: true, count: t.memberScores.count) + [Bool](repeating: false, count: t.nonMemberScores.count)
                return [
                    "training_row": .number(Double(t.row)), "isolation": .number(t.isolation),
                    "auc": .number(ROCAUC.binary(labels: labels, scores: t.memberScores + t.nonMemberScores)),
                    "test_tables": .number(Double(labels.count)),
                    "release_member_probability": .number(t.releaseScore),
                ]
            }),
        ]
    }
}
