import SynthCore
import SynthMath
import SynthTable

/// Anonymeter's linkability and inference attacks (`linkability_evaluator.py`, `inference_evaluator.py`),
/// each run on training targets (the attack) and on hold-out targets (the control), `attacks` targets
/// drawn without replacement from each (seeded).
///
/// Neighbours are found with the distance suite's mixed-type distance (``GowerFeatures``) with ranges over
/// the synthetic and the attacked rows together, as Anonymeter scales them. Anonymeter sums the per-column
/// terms where this one averages them (the same nearest row), and drops a candidate with a value missing on
/// one side where this one counts that column 1; ties go to the first synthetic row.
///
/// - linkability: the declared quasi-identifiers (``QuasiIdentifiers``), else the compared columns, split
///   in two, the first half and the rest in their order (Anonymeter's `aux_cols` has no default); a target
///   is linked when its nearest synthetic row on the first half is its nearest on the second
///   (`n_neighbors` = 1). Baseline: two independent random synthetic rows coincide.
/// - inference: each compared column in turn is the secret and all others the attacker's knowledge, or,
///   with declared quasi-identifiers, each other compared column is the secret and the quasi-identifiers
///   are the knowledge (Anonymeter's `aux_cols`); the guess is the nearest synthetic row's secret. A categorical guess is right when equal, a numerical one
///   when |guess − secret| ≤ 0.05·|guess| (Anonymeter divides by the guess without the absolute value, so
///   every negative guess counts as right; fixed here); missing = missing is right. Baseline: the secrets of
///   random synthetic rows. The headline is the largest risk over secrets.
enum NeighbourAttacks {
    static func targets(_ data: AnonymeterData, _ table: Int, _ attacks: Int, _ rng: inout RandomStream) -> [Int] {
        Array(rng.permutation(data.rows(table)).prefix(attacks)).sorted()
    }

    /// Nearest synthetic row of each target on `columns`.
    static func nearest(_ data: AnonymeterData, _ table: Int, _ rows: [Int], _ columns: [ColumnMetadata]) throws -> [Int] {
        let f = try GowerFeatures([data.sources[1], data.sources[table].selectingRows(rows)], columns: columns, range: .union)
        return f.nearest(1, in: 0).index
    }

    static func linkability(_ data: AnonymeterData, _ columns: [ColumnMetadata], attacks: Int,
                            rng: inout RandomStream) throws -> AttackRisk {
        guard columns.count >= 2 else {
            throw EvaluationError.unsupported(metric: "anonymeter.linkability", reason: "needs at least two columns to split between the two attacker tables")
        }
        let half = (columns.count + 1) / 2
        let a = Array(columns[..<half]), b = Array(columns[half...])
        func links(_ table: Int, _ rng: inout RandomStream) throws -> Int {
            let rows = targets(data, table, attacks, &rng)
            return zip(try nearest(data, table, rows, a), try nearest(data, table, rows, b)).filter { $0 == $1 }.count
        }
        let success = try links(0, &rng), control = try links(2, &rng)
        let n = data.rows(1)
        let baseline = (0..<attacks).filter { _ in rng.nextInt(below: n) == rng.nextInt(below: n) }.count
        return AttackRisk(attacks: attacks, successes: success, controlSuccesses: control, baselineSuccesses: baseline)
    }

    static func guessed(_ guess: Double, _ secret: Double, numeric: Bool) -> Bool {
        if guess.isNaN || secret.isNaN { return guess.isNaN && secret.isNaN }
        return numeric ? abs(guess - secret) / (abs(guess) + 1e-12) <= 0.05 : guess == secret
    }

    /// `knowledge`: the declared quasi-identifiers (nil: every column but the secret).
    static func inference(_ data: AnonymeterData, _ columns: [ColumnMetadata], knowledge: [ColumnMetadata]? = nil, attacks: Int,
                          rng: inout RandomStream) throws -> (worst: AttackRisk, secret: String, perSecret: [String: JSONValue]) {
        let trainRows = targets(data, 0, attacks, &rng), controlRows = targets(data, 2, attacks, &rng)
        var worst: (AttackRisk, String)?, per: [String: JSONValue] = [:]
        let known = Set((knowledge ?? []).map(\.name))
        for (j, secret) in columns.enumerated() where !known.contains(secret.name) {
            let aux = knowledge ?? columns.filter { $0.name != secret.name }
            guard !aux.isEmpty else { continue }
            let syn = data.tables[1][j], numeric = data.numeric[j]
            func successes(_ table: Int, _ rows: [Int]) throws -> Int {
                let nn = try nearest(data, table, rows, aux)
                return zip(nn, rows).filter { guessed(syn[$0], data.tables[table][j][$1], numeric: numeric) }.count
            }
            let randomRows = Array(rng.permutation(data.rows(1)).prefix(attacks))
            let baseline = zip(randomRows, trainRows).filter { guessed(syn[$0], data.tables[0][j][$1], numeric: numeric) }.count
            let r = AttackRisk(attacks: attacks, successes: try successes(0, trainRows),
                               controlSuccesses: try successes(2, controlRows), baselineSuccesses: baseline)
            per[secret.name] = .object(r.details.merging(["risk": .number(r.risk)]) { a, _ in a })
            if worst == nil || r.risk > worst!.0.risk { worst = (r, secret.name) }
        }
        guard let worst else {
            throw EvaluationError.unsupported(metric: "anonymeter.inference",
                                              reason: knowledge == nil ? "needs at least two compared columns" : "every compared column is a declared quasi-identifier, so no column is left as a secret")
        }
        return (worst.0, worst.1, per)
    }
}
