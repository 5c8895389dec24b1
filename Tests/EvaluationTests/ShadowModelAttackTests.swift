import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Evaluation

/// The shadow-model attack (``ShadowModelSuite``): a generator that publishes its training rows is found, a
/// sampler that never reads them is not (the negative control), the Groundhog features match hand-computed
/// values, outliers are the targets, and large tables are refused before anything is refitted.
@Suite struct ShadowModelAttackTests {
    /// A population of numbers and a category; the training table adds `outliers` far from it.
    static func population(_ n: Int, seed: UInt64, outliers: Int = 0) throws -> Table {
        var rng = RandomStream(seed: seed)
        var x: [Double?] = [], y: [Double?] = [], c: [String?] = []
        for _ in 0..<n {
            let a = rng.nextNormal()
            x.append(a); y.append(a + rng.nextNormal()); c.append(["u", "v", "w"][rng.nextInt(below: 3)])
        }
        for i in 0..<outliers { x.append(6 + Double(i)); y.append(-6); c.append("z") }
        return try Table(columns: [.numerical("x", x), .numerical("y", y), .categorical("c", c)])
    }

    /// Small K: the closures cost nothing, the forests a few milliseconds.
    static let settings = ShadowAttackSettings(targets: 2, trainingPairs: 15, testPairs: 10)

    static func input(_ generator: ShadowGenerator?, trainingRows: Int = 40,
                      settings: ShadowAttackSettings = settings) throws -> EvaluationInput {
        let train = try population(trainingRows, seed: 1, outliers: 2)
        let holdout = try population(80, seed: 2)
        var input = EvaluationInput(real: train, synthetic: train, metadata: Metadata.detect(from: train),
                                    holdout: holdout, seed: 5)
        input.shadowGenerator = generator
        input.shadowSettings = settings
        return input
    }

    /// `identity`: the training rows themselves, cycled to the requested count.
    static let identity = ShadowGenerator(method: "identity (test)") { training, rows, _ in
        training.selectingRows((0..<rows).map { $0 % training.rowCount })
    }

    /// Independent of the training rows: each column uniform over fixed bounds, from the seed alone.
    static let fixedUniform = ShadowGenerator(method: "uniform with fixed bounds (test)") { _, rows, seed in
        var rng = RandomStream(seed: seed)
        let x = (0..<rows).map { _ -> Double? in rng.nextDouble() * 6 - 3 }
        let y = (0..<rows).map { _ -> Double? in rng.nextDouble() * 8 - 4 }
        let c = (0..<rows).map { _ -> String? in ["u", "v", "w"][rng.nextInt(below: 3)] }
        return try Table(columns: [.numerical("x", x), .numerical("y", y), .categorical("c", c)])
    }

    @Test func identityIsFound() throws {
        let r = ShadowModelSuite.suite.evaluate(try Self.input(Self.identity))
        #expect(r.value("groundhog_auc")! > 0.95, "\(r.value("groundhog_auc")!)")
        #expect(r.value("groundhog_auc_low")! > 0.8)
        #expect(r.value("groundhog_advantage")! > 0.8)
        let details = r["shadow.groundhog_auc"]!.details!
        let refits = details["refits"]?.doubleValue, shadowRows = details["shadow_training_rows"]?.doubleValue
        #expect(refits == Double(2 * 2 * (15 + 10)))
        #expect(shadowRows == 20)  // half of the 40-row training pool
        #expect(details["settings"] == ["targets": 2, "training_pairs": 15, "test_pairs": 10, "max_rows": 2_000])
    }

    @Test func samplerThatNeverReadsTheRowsIsNotFound() throws {
        let r = ShadowModelSuite.suite.evaluate(try Self.input(Self.fixedUniform))
        let auc = r.value("groundhog_auc")!
        #expect(abs(auc - 0.5) < 0.2, "\(auc)")
        #expect(r.value("groundhog_auc_low")! < 0.5)
        #expect(abs(r.value("groundhog_advantage")!) < 0.35)
    }

    @Test func sameSeedSameFigures() throws {
        let suite = ShadowModelSuite.suite
        let input = try Self.input(Self.fixedUniform)
        #expect(suite.evaluate(input).metrics.map(\.value) == suite.evaluate(input).metrics.map(\.value))
    }

    @Test func outliersAreTheTargets() throws {
        // The two planted outliers are rows 40 and 41, (6, -6, z) and (7, -6, z): each other's nearest row, but
        // their second nearest is in the population, far away.
        let picked = try ShadowModelAttack.isolatedRows(try Self.input(nil), count: 2)
        #expect(Set(picked.map(\.row)) == [40, 41])
        #expect(picked[0].isolation >= picked[1].isolation)
    }

    @Test func groundhogFeaturesByHand() throws {
        let aux = try Table(columns: [.numerical("x", [0, 2]), .categorical("c", ["a", "b"])])
        let schema = try GroundhogFeatures(known: [aux], columns: ["x", "c"])
        let t = try Table(columns: [.numerical("x", [0, 1, 2]), .categorical("c", ["a", "b", "a"])])
        let f = try schema.features(of: t)
        // Encoded: x/2 = [0, 0.5, 1]; a = [1, 0, 1]; b = [0, 1, 0].
        let naive: [Double] = [0.5, 0.5, 1.0 / 6, 2.0 / 3, 1, 2.0 / 9, 1.0 / 3, 0, 2.0 / 9]
        let hist: [Double] = [1.0 / 3, 0, 0, 0, 0, 1.0 / 3, 0, 0, 0, 1.0 / 3, 2.0 / 3, 1.0 / 3]
        let corr: [Double] = [0, 0, -1]  // x·a and x·b are orthogonal once centred; a = 1 − b
        let expected = naive + hist + corr
        #expect(f.count == expected.count)
        for (a, b) in zip(f, expected) { #expect(abs(a - b) < 1e-12) }
    }

    @Test func largeTablesAreRefusedAndRunsWithoutTheGeneratorSaySo() throws {
        #expect(throws: EvaluationError.self) { try ShadowModelSuite.checkSize(trainingRows: 2_001) }
        try ShadowModelSuite.checkSize(trainingRows: 2_000)
        let big = ShadowModelSuite.suite.evaluate(try Self.input(Self.identity, trainingRows: 2_000,
                                                                 settings: ShadowAttackSettings()))
        #expect(big["shadow.groundhog_auc"]?.status == .error)
        #expect(big["shadow.groundhog_auc"]?.error?.contains("at most 2000 training rows") == true)
        let none = ShadowModelSuite.suite.evaluate(try Self.input(nil))
        #expect(none["shadow.groundhog_auc"]?.status == .notApplicable)
    }

    /// The counts decide the work: twice the pairs, twice the refits; a lower row bound refuses a table the
    /// default accepts.
    @Test func settingsDecideTheRefitsAndTheBound() throws {
        let calls = RefitCounter()
        let counting = ShadowGenerator(method: "counting identity (test)") { training, rows, seed in
            calls.add()
            return try Self.identity.refit(training, rows, seed)
        }
        let settings = ShadowAttackSettings(targets: 1, trainingPairs: 4, testPairs: 3)
        let r = ShadowModelSuite.suite.evaluate(try Self.input(counting, settings: settings))
        #expect(r["shadow.groundhog_auc"]?.status == .ok)
        #expect(calls.value == 1 * 2 * (4 + 3))
        #expect(r["shadow.groundhog_auc"]?.details?["refits"]?.doubleValue == 14)
        let bounded = ShadowAttackSettings(maxTrainingRows: 41)
        #expect(throws: EvaluationError.self) { try ShadowModelSuite.checkSize(trainingRows: 42, settings: bounded) }
        try ShadowModelSuite.checkSize(trainingRows: 41, settings: bounded)
        let refused = ShadowModelSuite.suite.evaluate(try Self.input(Self.identity, settings: ShadowAttackSettings(maxTrainingRows: 30)))
        #expect(refused["shadow.groundhog_auc"]?.error?.contains("at most 30 training rows") == true)
    }

    @Test func settingsParseAndNameWhatIsWrong() throws {
        #expect(try ShadowAttackSettings.parse("targets=5,test_pairs=7") == ShadowAttackSettings(targets: 5, testPairs: 7))
        #expect(try ShadowAttackSettings.parse(" max_rows = 500 ").maxTrainingRows == 500)
        #expect(ShadowAttackSettings().description == "targets=3,training_pairs=20,test_pairs=10,max_rows=2000")
        #expect(try ShadowAttackSettings.parse(ShadowAttackSettings(targets: 2, trainingPairs: 9).description)
                == ShadowAttackSettings(targets: 2, trainingPairs: 9))
        for (text, named) in [("targets=0", "--shadow targets"), ("training_pairs=1", "--shadow training_pairs"),
                              ("pairs=3", "--shadow pairs"), ("targets=x", "--shadow targets"), ("targets", "--shadow")] {
            do {
                _ = try ShadowAttackSettings.parse(text)
                Issue.record("'\(text)' was accepted")
            } catch {
                #expect("\(error)".contains(named), "\(error)")
            }
        }
    }
}

/// Counts refits from the generator's `@Sendable` closure.
private final class RefitCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
