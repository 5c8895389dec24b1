import Testing
import SynthMath
@testable import Evaluation

@Suite struct ROCAUCTests {
    @Test func binaryWithTies() {
        // Mann-Whitney U / (n1 n0) from scipy.stats.mannwhitneyu on the same vectors: 0.6
        // (scripts/reference/evaluation_vectors.py).
        let y = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0].map { $0 == 1 }
        let s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.05, 0.6]
        #expect(abs(ROCAUC.binary(labels: y, scores: s) - 0.6) < 1e-15)
    }

    @Test func perfectAndInverted() {
        let y = [false, false, true, true]
        #expect(ROCAUC.binary(labels: y, scores: [0, 1, 2, 3]) == 1)
        #expect(ROCAUC.binary(labels: y, scores: [3, 2, 1, 0]) == 0)
        #expect(ROCAUC.binary(labels: y, scores: [1, 1, 1, 1]) == 0.5)
        #expect(ROCAUC.binary(labels: [true, true], scores: [0, 1]).isNaN)
    }

    @Test func multiclassMacro() {
        // Three classes, perfectly ranked probabilities -> 1.
        let labels = [0, 1, 2, 0, 1, 2]
        var p: [Double] = []
        for l in labels { for c in 0..<3 { p.append(c == l ? 0.8 : 0.1) } }
        #expect(ROCAUC.oneVsRest(labels: labels, probabilities: p, classCount: 3) == 1)
    }
}

@Suite struct RandomForestTests {
    /// Two Gaussian blobs in 4-D, classes separated by `shift` along every axis; one noise feature.
    static func blobs(rows: Int, shift: Double, seed: UInt64) -> (features: [[Double]], labels: [Int]) {
        var r = RandomStream(seed: seed)
        var f = [[Double]](repeating: [], count: 5)
        var y: [Int] = []
        for _ in 0..<rows {
            let c = r.nextInt(below: 2)
            y.append(c)
            for j in 0..<4 { f[j].append(r.nextNormal() + Double(c) * shift) }
            f[4].append(Double(r.nextInt(below: 3)))
        }
        return (f, y)
    }

    @Test func separatesSeparableClasses() {
        let train = Self.blobs(rows: 600, shift: 3, seed: 1), test = Self.blobs(rows: 400, shift: 3, seed: 2)
        let forest = RandomForestClassifier(features: train.features, labels: train.labels,
                                            options: .init(treeCount: 30), seed: 5)
        let auc = ROCAUC.binary(labels: test.labels.map { $0 == 1 },
                                scores: forest.predictProbability(test.features))
        #expect(auc > 0.99)
    }

    @Test func randomLabelsGiveChanceAUC() {
        let train = Self.blobs(rows: 800, shift: 0, seed: 3), test = Self.blobs(rows: 2000, shift: 0, seed: 4)
        let forest = RandomForestClassifier(features: train.features, labels: train.labels,
                                            options: .init(treeCount: 30), seed: 5)
        let auc = ROCAUC.binary(labels: test.labels.map { $0 == 1 },
                                scores: forest.predictProbability(test.features))
        // sd of AUC under H0 with 1000/1000 is about 0.013.
        #expect(abs(auc - 0.5) < 0.06)
    }

    @Test func sameSeedSameForestAndMissingValues() {
        var d = Self.blobs(rows: 300, shift: 1, seed: 9)
        for i in stride(from: 0, to: 300, by: 7) { d.features[0][i] = .nan }
        let a = RandomForestClassifier(features: d.features, labels: d.labels, options: .init(treeCount: 10), seed: 1)
        let b = RandomForestClassifier(features: d.features, labels: d.labels, options: .init(treeCount: 10), seed: 1)
        let c = RandomForestClassifier(features: d.features, labels: d.labels, options: .init(treeCount: 10), seed: 2)
        #expect(a.predictProbabilities(d.features) == b.predictProbabilities(d.features))
        #expect(a.predictProbabilities(d.features) != c.predictProbabilities(d.features))
    }

    @Test func fullyGrownTreeFitsTrainingData() {
        let d = Self.blobs(rows: 200, shift: 0.5, seed: 12)
        let forest = RandomForestClassifier(features: d.features, labels: d.labels,
                                            options: .init(treeCount: 1, maxFeatures: 5, bootstrap: false), seed: 3)
        let p = forest.predictProbability(d.features)
        // Continuous features have distinct values, so a fully grown tree separates every training row.
        #expect(zip(p, d.labels).allSatisfy { ($0 > 0.5) == ($1 == 1) })
    }
}
