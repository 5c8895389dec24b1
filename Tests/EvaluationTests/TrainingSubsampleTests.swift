import Testing
import SynthMath
import SynthTable
@testable import Evaluation

/// The row cap of the classifier, neighbour and density metrics: seeded, stratified, exact in size, and
/// invisible below the cap.
@Suite struct TrainingSubsampleTests {
    /// 1,000 rows in three strata of 700, 250 and 50 rows (interleaved), plus 7 rows of a fourth.
    static let strata: [Int] = (0..<1_007).map { i in i >= 1_000 ? 9 : (i % 20 == 0 ? 2 : (i % 4 == 1 ? 1 : 0)) }

    @Test func sameSeedSameRowsAndAnotherSeedOtherRows() {
        let a = TrainingSubsample(strata: Self.strata, cap: 100, seed: 11)
        let b = TrainingSubsample(strata: Self.strata, cap: 100, seed: 11)
        let c = TrainingSubsample(strata: Self.strata, cap: 100, seed: 12)
        #expect(a == b)
        #expect(a.rows != c.rows)   // negative control: the seed decides the draw
    }

    @Test func sharesAreProportionalWithinOneRowAndTheTotalIsTheCap() {
        for cap in [1, 3, 10, 99, 100, 333, 1_006] {
            let s = TrainingSubsample(strata: Self.strata, cap: cap, seed: 5)
            #expect(s.rows.count == cap)
            #expect(s.rows == s.rows.sorted() && Set(s.rows).count == cap)
            var drawn: [Int: Int] = [:], total: [Int: Int] = [:]
            for r in s.rows { drawn[Self.strata[r], default: 0] += 1 }
            for x in Self.strata { total[x, default: 0] += 1 }
            for (label, n) in total {
                let exact = Double(cap) * Double(n) / Double(Self.strata.count)
                #expect(abs(Double(drawn[label] ?? 0) - exact) < 1, "cap \(cap), stratum \(label)")
            }
        }
    }

    @Test func aTableWithinTheCapIsKeptWholeInOrder() {
        #expect(TrainingSubsample(rowCount: 50, cap: 50, seed: 1).rows == Array(0..<50))
        #expect(TrainingSubsample(rowCount: 50, cap: nil, seed: 1).isWhole)
        #expect(!TrainingSubsample(rowCount: 51, cap: 50, seed: 1).isWhole)
    }

    @Test func everyRowOfAStratumIsReachable() {
        // Brute force on a tiny case: over many seeds each of 6 rows is drawn, about equally often.
        var hits = [Int](repeating: 0, count: 6)
        for seed in 0..<600 as Range<UInt64> {
            for r in TrainingSubsample(rowCount: 6, cap: 2, seed: seed).rows { hits[r] += 1 }
        }
        #expect(hits.allSatisfy { abs($0 - 200) < 60 }, "\(hits)")
    }

    /// A classification input of `n` rows per table whose target is 1 on every fifth row.
    static func input(rows n: Int, cap: Int?) throws -> EvaluationInput {
        func table(_ shift: Double) throws -> Table {
            try Table(columns: [.numerical("x", (0..<n).map { Double($0) + shift }),
                                .categorical("y", (0..<n).map { $0 % 5 == 0 ? "yes" : "no" })])
        }
        let real = try table(0)
        let m = Fixtures.metadata(for: real, sdtypes: ["x": .numerical, "y": .categorical], target: "y",
                                  task: .classification)
        return EvaluationInput(real: real, synthetic: try table(0.5), metadata: m, holdout: try table(0.25), seed: 4, cap: cap)
    }

    @Test func cappedMetricsComputeOnTheStratifiedSubsampleAndSaySo() throws {
        let input = try Self.input(rows: 500, cap: 100)
        let view = EvaluationSubsample.cached(input, EvaluationCache())
        #expect(view.record == .init(cap: 100, real: 100, synthetic: 100, holdout: 100))
        let yes = (0..<100).filter { view.input.real["y"]!.text(at: $0) == "yes" }.count
        #expect(yes == 20)   // the target's 1:4 balance is kept exactly
        let result = DetectionSuite.suite(forest: .init(treeCount: 5)).evaluate(input)
        #expect(result.metrics[0].details?["subsample"] == ["cap": 100, "cap_kind": "classifier", "rows_real": 100,
                                                             "rows_synthetic": 100, "rows_holdout": 100])
        // Exact metrics see every row.
        let ks = PayloadSuite.suite().evaluate(input)["ks_mean"]!
        #expect(ks.details?["subsample"] == nil)
    }

    /// The classifiers and the neighbour/density metrics each compute under their own cap, and say which.
    @Test func eachCostClassUsesItsOwnCap() throws {
        var input = try Self.input(rows: 500, cap: nil)
        input.caps = EvaluationCaps(classifier: 200, quadratic: 50)
        let cache = EvaluationCache()
        let classifier = EvaluationSubsample.cached(input, cache, kind: .classifier)
        let quadratic = EvaluationSubsample.cached(input, cache, kind: .quadratic)
        #expect(classifier.record == .init(cap: 200, real: 200, synthetic: 200, holdout: 200))
        #expect(quadratic.record == .init(cap: 50, real: 50, synthetic: 50, holdout: 50))
        let detection = DetectionSuite.suite(forest: .init(treeCount: 5)).evaluate(input, cache: cache).metrics[0]
        #expect(detection.details?["subsample"]?["cap"] == 200 && detection.details?["subsample"]?["cap_kind"] == "classifier")
        let dcr = DistanceSuite.suite.evaluate(input, cache: cache).metrics[0]
        #expect(dcr.details?["subsample"]?["cap"] == 50 && dcr.details?["subsample"]?["cap_kind"] == "quadratic")
        // Equal caps share one view (the same rows as a single cap gives).
        input.caps = EvaluationCaps(both: 50)
        let shared = EvaluationCache()
        #expect(EvaluationSubsample.cached(input, shared, kind: .classifier).input.real
                == EvaluationSubsample.cached(input, shared, kind: .quadratic).input.real)
        // Under a larger classifier cap the quadratic view is cut from the classifier view, whose tables it
        // searches (so the neighbour searches never read more than the classifier cap's rows).
        #expect(EvaluationSubsample.cached(input, shared, kind: .quadratic).input.real != quadratic.input.real)
        #expect(quadratic.input.wholeTables.real == classifier.input.real)
        let classifierX = Set(classifier.input.real["x"]!.doubles()), quadraticX = quadratic.input.real["x"]!.doubles()
        #expect(quadraticX.allSatisfy(classifierX.contains))
        // Negative control: the classifier view under its larger cap is another table.
        #expect(classifier.input.real != quadratic.input.real)
    }

    @Test func capsResolveFromTheGivenOptions() {
        #expect(EvaluationCaps(cap: nil, classifier: nil, quadratic: nil) == .default)
        #expect(EvaluationCaps(cap: 0, classifier: nil, quadratic: nil) == .none)
        #expect(EvaluationCaps(cap: 300, classifier: nil, quadratic: 20) == EvaluationCaps(classifier: 300, quadratic: 20))
        #expect(EvaluationCaps(cap: nil, classifier: 0, quadratic: nil)
                == EvaluationCaps(classifier: nil, quadratic: EvaluationCaps.defaultQuadratic))
        #expect(EvaluationCaps(classifier: 300, quadratic: 20).largest == 300)
        #expect(EvaluationCaps(classifier: nil, quadratic: 20).largest == nil)
    }

    @Test func noCapMeansTheWholeTables() throws {
        let input = try Self.input(rows: 300, cap: nil)
        let view = EvaluationSubsample.cached(input, EvaluationCache())
        #expect(view.record == .init(cap: nil, real: 300, synthetic: 300, holdout: 300))
        // The same metric with and without a cap above the row count gives the same value.
        let forest = RandomForestClassifier.Options(treeCount: 5)
        let whole = DetectionSuite.suite(forest: forest).evaluate(input).metrics[0].value
        let above = DetectionSuite.suite(forest: forest).evaluate(try Self.input(rows: 300, cap: 1_000)).metrics[0].value
        let below = DetectionSuite.suite(forest: forest).evaluate(try Self.input(rows: 300, cap: 60)).metrics[0].value
        #expect(whole != nil && whole == above)
        #expect(below != whole)   // negative control: a binding cap changes the figure
    }
}
