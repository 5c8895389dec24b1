import Testing
@testable import SynthMath

/// ``ROCAUCResampler`` against ``ROCAUC/binary(labels:scores:)`` on the expanded resample (each row repeated
/// by its multiplicity): the same bits, with many tied scores, for bootstrap-style multiplicities.
@Suite struct ROCAUCResamplerTests {
    static func sample(_ rng: inout RandomStream, rows: Int) -> (labels: [Bool], scores: [Double]) {
        // Scores on a coarse grid (many ties within and across the classes), positives shifted up a little.
        let labels = (0..<rows).map { $0 % 3 != 0 }
        let scores = labels.map { ($0 ? 0.4 : 0) + Double(Int(rng.nextDouble() * 20)) / 10 }
        return (labels, scores)
    }

    static func bootstrapCounts(_ rng: inout RandomStream, rows: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: rows)
        for _ in 0..<rows { counts[rng.nextInt(below: rows)] += 1 }
        return counts
    }

    @Test func equalsSortingEveryResample() {
        var rng = RandomStream(seed: 11)
        for rows in [2, 7, 60, 999] {
            let (labels, scores) = Self.sample(&rng, rows: rows)
            let resampler = ROCAUCResampler(labels: labels, scores: scores)
            #expect(resampler.auc(multiplicities: [Int](repeating: 1, count: rows)).bitPattern
                    == ROCAUC.binary(labels: labels, scores: scores).bitPattern)
            for _ in 0..<20 {
                let counts = Self.bootstrapCounts(&rng, rows: rows)
                var expandedLabels: [Bool] = [], expandedScores: [Double] = []
                for i in 0..<rows { for _ in 0..<counts[i] { expandedLabels.append(labels[i]); expandedScores.append(scores[i]) } }
                let direct = ROCAUC.binary(labels: expandedLabels, scores: expandedScores)
                let fast = resampler.auc(multiplicities: counts)
                #expect(fast.bitPattern == direct.bitPattern || (fast.isNaN && direct.isNaN), "\(rows) rows: \(fast) vs \(direct)")
            }
        }
    }

    /// Negative control: the resample's AUC is not the original sample's (the multiplicities matter).
    @Test func multiplicitiesChangeTheAUC() {
        var rng = RandomStream(seed: 12)
        let (labels, scores) = Self.sample(&rng, rows: 300)
        let resampler = ROCAUCResampler(labels: labels, scores: scores)
        let once = resampler.auc(multiplicities: [Int](repeating: 1, count: 300))
        let resampled = (0..<5).map { _ in resampler.auc(multiplicities: Self.bootstrapCounts(&rng, rows: 300)) }
        #expect(resampled.contains { $0 != once })
        var onlyPositives = [Int](repeating: 0, count: 300)
        for i in 0..<300 where labels[i] { onlyPositives[i] = 1 }
        #expect(resampler.auc(multiplicities: onlyPositives).isNaN)
    }
}
