import SynthMath
import SynthTable

/// Membership-inference attacks (`membership.*`): can an attacker holding the synthetic table tell the
/// generator's training rows (members) from real rows it never saw (non-members)?
///
/// Needs a hold-out. It is shuffled (seeded) and halved: the first half are the non-members, the second the
/// attacker's reference sample of the population; as many members are drawn from the training table as
/// there are non-members. Each attack scores every member and non-member; ``MembershipAttack`` turns the
/// scores into AUC (0.5 = no better than guessing, 1 = every member found), a bootstrap CI and the advantage.
/// - DOMIAS (van Breugel et al. 2023; SynthCity `DomiasMIA_KDE`): score = log p_G(x) − log p_R(x), p_G a
///   Gaussian KDE of the synthetic rows, p_R one of the reference rows, on label-encoded columns.
/// - DOMIAS with Gaussian mixtures in place of both KDEs (full covariance, up to 10 components).
/// - DCR attack (GAN-leaks full black-box, Chen et al. 2020; TAPAS ClosestDistanceMIA): score =
///   −d(x, synthetic), the Gower distance to the closest synthetic row.
/// `membership.mia_auc` is the strongest of the three (the worst case for the data owner) and
/// `membership.mia_auc_low` the lower end of its 95 % bootstrap interval: the figure to gate on, because on
/// small hold-outs the point AUC of a generator that leaks nothing scatters well above 0.5.
public enum MembershipSuite {
    public static let id = "membership"

    public static var suite: MetricSuite {
        MetricSuite(id: id, metrics: [
            Metric(id: "membership.mia_auc", direction: .minimize, range: .unit,
                   formula: "the largest AUC of the three membership attacks below (details: which one, its bootstrap CI and advantage)",
                   subsampled: true, compute: { input, cache in
                       guard let best = try strongest(input, cache) else { return try notApplicable(input)! }
                       var d = best.1.details
                       if case .object(var o) = d { o["attack"] = .string(best.0.rawValue); d = .object(o) }
                       return .value(best.1.auc, details: d)
                   }),
            Metric(id: "membership.mia_auc_low", direction: .minimize, range: .unit,
                   formula: "the lower end of the 95 % bootstrap confidence interval of membership.mia_auc (the strongest attack's AUC): above 0.5 means the attack beats guessing with 95 % confidence",
                   subsampled: true, compute: { input, cache in
                       guard let best = try strongest(input, cache) else { return try notApplicable(input)! }
                       return .value(best.1.aucLow, details: ["attack": .string(best.0.rawValue)])
                   }),
            metric(.domiasKDE, "DOMIAS with Gaussian KDEs (scipy gaussian_kde defaults: Scott's factor, full covariance): AUC of log p_G(x) − log p_R(x) over members vs non-members"),
            metric(.domiasGMM, "DOMIAS with full-covariance Gaussian mixtures (≤ 10 components, EM as scikit-learn) for p_G and p_R: AUC of log p_G(x) − log p_R(x)"),
            metric(.dcr, "distance attack (GAN-leaks): AUC of −d(x, synthetic), the Gower distance (ranges over all four tables) to the closest synthetic row"),
        ])
    }

    /// The attack with the largest AUC (the first on ties), or nil when the suite does not apply.
    static func strongest(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> (Attack, MembershipAttack)? {
        var best: (Attack, MembershipAttack)? = nil
        for a in Attack.allCases {
            guard let r = try attack(a, input, cache) else { return nil }
            if best == nil || r.auc > best!.1.auc { best = (a, r) }
        }
        return best
    }

    enum Attack: String, CaseIterable {
        case domiasKDE = "domias_kde_auc", domiasGMM = "domias_gmm_auc", dcr = "dcr_attack_auc"
    }

    static func metric(_ a: Attack, _ formula: String) -> Metric {
        Metric(id: "\(id).\(a.rawValue)", direction: .minimize, range: .unit, formula: formula, subsampled: true, compute: { input, cache in
            guard let r = try attack(a, input, cache) else { return try notApplicable(input)! }
            return .value(r.auc, details: r.details)
        })
    }

    static func notApplicable(_ input: EvaluationInput) throws -> MetricOutcome? {
        if input.comparedColumns.isEmpty { return .notApplicable("no numerical, datetime, categorical or boolean column") }
        guard let h = input.holdout else {
            return .notApplicable("needs a real hold-out the generator did not see (run with --holdout)")
        }
        if h.rowCount < 4 { return .notApplicable("the hold-out has \(h.rowCount) rows; at least 4 are needed") }
        if input.synthetic.rowCount < 2 { return .notApplicable("the synthetic table has fewer than 2 rows") }
        if input.real.rowCount < 2 { return .notApplicable("the training table has fewer than 2 rows") }
        return nil
    }

    /// The four tables of the game, restricted to the compared columns. Members, non-members and the
    /// reference come from the capped tables; the synthetic table is whole (``UncappedTables``): it is what
    /// the attacker holds, and its KDE and nearest-row distances must see every twin of a member.
    struct Game {
        var synthetic: Table
        var reference: Table
        var members: Table
        var nonMembers: Table
        var all: [Table] { [synthetic, reference, members, nonMembers] }
    }

    static func game(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> Game {
        try cache.value("membership.game") {
            let holdout = try input.comparedTable(input.holdout!, "hold-out")
            var rng = RandomStream(seed: input.seed).derived("membership.split")
            let order = rng.permutation(holdout.rowCount)
            let half = (holdout.rowCount + 1) / 2
            let nonMembers = holdout.selectingRows(Array(order[..<half]))
            let reference = holdout.selectingRows(Array(order[half...]))
            let train = try input.comparedTable(input.real, "real")
            let members = train.selectingRows(Array(rng.permutation(train.rowCount).prefix(nonMembers.rowCount)))
            return Game(synthetic: try input.comparedTable(input.wholeTables.synthetic, "synthetic"), reference: reference,
                        members: members, nonMembers: nonMembers)
        }
    }

    /// The attack's result, or nil when the suite does not apply to the input.
    static func attack(_ a: Attack, _ input: EvaluationInput, _ cache: EvaluationCache) throws -> MembershipAttack? {
        guard try notApplicable(input) == nil else { return nil }
        return try cache.value("membership.\(a.rawValue)") {
            let g = try game(input, cache)
            let scores: [Double]
            switch a {
            case .domiasKDE, .domiasGMM:
                let m = try LabelEncodedMatrix(g.all, columns: input.comparedColumns).matrices
                let queries = Matrix(rows: m[2].rows + m[3].rows, cols: m[2].cols, storage: m[2].storage + m[3].storage)
                if a == .domiasKDE {
                    let pG = try MultivariateGaussianKDE(data: m[0]), pR = try MultivariateGaussianKDE(data: m[1])
                    scores = zip(pG.logDensity(queries), pR.logDensity(queries)).map { $0 - $1 }
                } else {
                    let root = RandomStream(seed: input.seed)
                    func fit(_ x: Matrix, _ key: String) throws -> GaussianMixture {
                        let k = min(10, max(1, x.rows / (5 * (x.cols + 1))))
                        return try GaussianMixture(data: x, options: .init(components: k), seed: root.derivedSeed(key))
                    }
                    // The mixture is fitted on the capped synthetic rows: EM costs rows x components x d² per
                    // iteration, and a parametric fit does not need every row to find the density.
                    let capped = m[0].selectingRows(input.wholeTables.syntheticRows)
                    let pG = try fit(capped, "membership.gmm.synthetic"), pR = try fit(m[1], "membership.gmm.reference")
                    scores = zip(pG.logDensity(queries), pR.logDensity(queries)).map { $0 - $1 }
                }
            case .dcr:
                let f = try GowerFeatures(g.all, columns: input.comparedColumns, range: .union)
                scores = (f.nearest(2, in: 0).first + f.nearest(3, in: 0).first).map { -$0 }
            }
            let nm = g.members.rowCount
            return try MembershipAttack(syntheticRows: g.synthetic.rowCount, memberScores: Array(scores[..<nm]), nonMemberScores: Array(scores[nm...]),
                                        seed: RandomStream(seed: input.seed).derivedSeed("membership.bootstrap.\(a.rawValue)"))
        }
    }
}
