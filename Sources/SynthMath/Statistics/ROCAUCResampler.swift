/// Binary ROC AUCs of many resamples of one scored sample (the membership attacks' 200-round bootstrap): the
/// scores are sorted once and each resample, given as a multiplicity per row, takes one pass over the tied
/// groups, where ``ROCAUC/binary(labels:scores:)`` sorts the resampled scores every time.
///
/// The AUC is the Mann–Whitney count Σ over tie groups of P_g · (2 N_below + N_g), exact in integers, divided
/// by 2 P N: the same rational as the rank-sum form (also exact in doubles), so the result equals
/// ``ROCAUC/binary(labels:scores:)`` on the expanded resample bit for bit.
public struct ROCAUCResampler: Sendable {
    let labels: [Bool]
    /// Row indices by ascending score.
    let order: [Int]
    /// The end (exclusive, in `order`) of every group of equal scores, ascending.
    let groupEnds: [Int]

    public init(labels: [Bool], scores: [Double]) {
        precondition(labels.count == scores.count, "labels and scores differ in length")
        self.labels = labels
        order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ends: [Int] = []
        for t in order.indices where t + 1 == order.count || scores[order[t + 1]] != scores[order[t]] { ends.append(t + 1) }
        groupEnds = ends
    }

    /// The AUC of the sample holding row i `multiplicities[i]` times; NaN when a class is absent.
    public func auc(multiplicities: [Int]) -> Double {
        precondition(multiplicities.count == labels.count, "one multiplicity per row")
        var twiceU = 0, negativesBelow = 0, positives = 0, start = 0
        multiplicities.withUnsafeBufferPointer { m in
            labels.withUnsafeBufferPointer { y in
                order.withUnsafeBufferPointer { o in
                    for end in groupEnds {
                        var p = 0, n = 0
                        for t in start..<end { let i = o[t]; if y[i] { p += m[i] } else { n += m[i] } }
                        twiceU += p * (2 * negativesBelow + n)
                        negativesBelow += n; positives += p; start = end
                    }
                }
            }
        }
        guard positives > 0, negativesBelow > 0 else { return .nan }
        return Double(twiceU) / (2 * Double(positives) * Double(negativesBelow))
    }
}
