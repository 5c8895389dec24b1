import SynthCore
import SynthMath

/// How well one membership-inference attack separates members (training rows) from non-members (hold-out
/// rows) by its scores: ROC AUC with a percentile bootstrap confidence interval, and the advantage
/// TPR − FPR at DOMIAS' threshold (a row is called a member when its score is above the median score).
struct MembershipAttack: Sendable {
    var auc: Double
    var aucLow: Double
    var aucHigh: Double
    var accuracy: Double
    var advantage: Double
    var members: Int
    var nonMembers: Int
    /// The synthetic rows the attack read (the whole synthetic table, also under the quadratic cap).
    var syntheticRows: Int

    static let bootstrapRounds = 200
    static let confidence = 0.95

    init(syntheticRows: Int, memberScores: [Double], nonMemberScores: [Double], seed: UInt64) throws {
        self.syntheticRows = syntheticRows
        let labels = [Bool](repeating: true, count: memberScores.count) + [Bool](repeating: false, count: nonMemberScores.count)
        let scores = memberScores + nonMemberScores
        auc = ROCAUC.binary(labels: labels, scores: scores)
        let threshold = try Quantiles.quantile(scores, 0.5)
        let tpr = Double(memberScores.filter { $0 > threshold }.count) / Double(memberScores.count)
        let fpr = Double(nonMemberScores.filter { $0 > threshold }.count) / Double(nonMemberScores.count)
        advantage = tpr - fpr
        accuracy = (tpr * Double(memberScores.count) + (1 - fpr) * Double(nonMemberScores.count)) / Double(scores.count)
        // Each round resamples members and non-members with replacement; a resample is a multiplicity per row,
        // so the scores are sorted once (ROCAUCResampler: the same AUCs as sorting every resample).
        var rng = RandomStream(seed: seed)
        let resampler = ROCAUCResampler(labels: labels, scores: scores)
        let memberCount = memberScores.count, nonMemberCount = nonMemberScores.count
        var counts = [Int](repeating: 0, count: scores.count)
        var aucs: [Double] = []
        aucs.reserveCapacity(Self.bootstrapRounds)
        for _ in 0..<Self.bootstrapRounds {
            for i in counts.indices { counts[i] = 0 }
            for _ in 0..<memberCount { counts[rng.nextInt(below: memberCount)] += 1 }
            for _ in 0..<nonMemberCount { counts[memberCount + rng.nextInt(below: nonMemberCount)] += 1 }
            aucs.append(resampler.auc(multiplicities: counts))
        }
        let tail = (1 - Self.confidence) / 2
        aucLow = try Quantiles.quantile(aucs, tail)
        aucHigh = try Quantiles.quantile(aucs, 1 - tail)
        members = memberScores.count
        nonMembers = nonMemberScores.count
    }

    var details: JSONValue {
        ["auc_ci_low": .number(aucLow), "auc_ci_high": .number(aucHigh), "ci_level": .number(Self.confidence),
         "accuracy": .number(accuracy), "advantage": .number(advantage),
         "members": .number(Double(members)), "non_members": .number(Double(nonMembers)),
         "synthetic_rows": .number(Double(syntheticRows)),
         "bootstrap_rounds": .number(Double(Self.bootstrapRounds))]
    }
}
