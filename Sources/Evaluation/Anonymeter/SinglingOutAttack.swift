import SynthMath

/// Anonymeter's singling-out attack (`singling_out_evaluator.py`). A query is a conjunction of predicates
/// on columns; it *singles out* in a table when exactly one row satisfies it. Queries are built from the
/// synthetic rows (duplicates dropped) and kept when they single out there; the attack's successes are the
/// queries that single out in the training rows, the control's those that single out in the hold-out rows,
/// the baseline's random queries that single out in the training rows.
///
/// - univariate: per column, `isNull` when exactly one value is missing, `≤ min` and `≥ max` for numerical
///   columns, `== v` for every value that occurs once; shuffled (seeded), the first `attacks` that single
///   out in the synthetic rows kept;
/// - multivariate: a random synthetic row and `columns` random columns; per column `isNull` for a missing
///   value, `== v` for a non-numerical one, `≥ v` above the column's synthetic median and `≤ v` otherwise;
///   kept when it singles out and is new, until `attacks` are found or `maxAttempts` rows were tried;
/// - baseline: `attacks` queries on random columns (1 in univariate mode) with a random value of the
///   column's synthetic values (missing included) and a random operator (`==`, `≠` for non-numerical
///   columns; `==, ≠, >, <, ≥, ≤` for numerical ones; a missing value gives `isNull` / `notNull`).
/// Comparisons with a missing value are false (Polars' null semantics). Deviations: `maxAttempts` is 20 ×
/// `attacks` (Anonymeter: 10⁷, batches of 1,000), and a boolean column is compared with a drawn value as
/// any category (Anonymeter's baseline ignores the drawn boolean and tests `col` or `not col`).
struct SinglingOutAttack {
    enum Op: UInt8, Hashable { case eq, ne, lt, le, gt, ge, isNull, notNull }

    struct Term: Hashable {
        var column: Int
        var op: Op
        var value: Double

        func holds(_ x: Double) -> Bool {
            switch op {
            case .isNull: return x.isNaN
            case .notNull: return !x.isNaN
            case .eq: return x == value
            case .ne: return !x.isNaN && x != value
            case .lt: return x < value
            case .le: return x <= value
            case .gt: return x > value
            case .ge: return x >= value
            }
        }
    }

    /// A query: terms sorted by column, so equal queries compare equal.
    typealias Query = [Term]

    /// How many rows of `table` (column-major) satisfy `query`, stopping at `limit`.
    static func matches(_ query: Query, in table: [[Double]], limit: Int = 2) -> Int {
        let n = table.first?.count ?? 0
        var count = 0
        for i in 0..<n where query.allSatisfy({ $0.holds(table[$0.column][i]) }) {
            count += 1
            if count >= limit { break }
        }
        return count
    }

    static func singlesOut(_ query: Query, in table: [[Double]]) -> Bool { matches(query, in: table) == 1 }

    static func univariateQueries(_ syn: [[Double]], numeric: [Bool], attacks: Int, rng: inout RandomStream) -> [Query] {
        var candidates: [Query] = []
        for (j, column) in syn.enumerated() {
            if column.filter(\.isNaN).count == 1 { candidates.append([Term(column: j, op: .isNull, value: .nan)]) }
            let present = column.filter { !$0.isNaN }
            if numeric[j], let lo = present.min(), let hi = present.max() {
                candidates.append([Term(column: j, op: .le, value: lo)])
                candidates.append([Term(column: j, op: .ge, value: hi)])
            }
            var counts: [Double: Int] = [:]
            for x in present { counts[x, default: 0] += 1 }
            for x in present where counts[x] == 1 { candidates.append([Term(column: j, op: .eq, value: x)]) }
        }
        rng.shuffle(&candidates)
        var kept: [Query] = [], seen = Set<Query>()
        for q in candidates where kept.count < attacks && singlesOut(q, in: syn) && seen.insert(q).inserted { kept.append(q) }
        return kept
    }

    static func multivariateQueries(_ syn: [[Double]], numeric: [Bool], attacks: Int, columns: Int, maxAttempts: Int,
                                    rng: inout RandomStream) -> [Query] {
        let n = syn.first?.count ?? 0, d = syn.count, k = min(columns, d)
        guard n > 0, k > 0 else { return [] }
        let medians: [Double] = syn.enumerated().map { j, c in
            guard numeric[j] else { return .nan }
            let s = c.filter { !$0.isNaN }.sorted()
            guard !s.isEmpty else { return .nan }
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        var kept: [Query] = [], seen = Set<Query>(), attempts = 0
        while kept.count < attacks && attempts < maxAttempts {
            attempts += 1
            let row = rng.nextInt(below: n)
            let cols = Array(rng.permutation(d).prefix(k)).sorted()
            let q: Query = cols.map { j in
                let v = syn[j][row]
                if v.isNaN { return Term(column: j, op: .isNull, value: .nan) }
                if !numeric[j] { return Term(column: j, op: .eq, value: v) }
                return Term(column: j, op: v > medians[j] ? .ge : .le, value: v)
            }
            if singlesOut(q, in: syn) && seen.insert(q).inserted { kept.append(q) }
        }
        return kept
    }

    static func baselineQueries(_ syn: [[Double]], numeric: [Bool], attacks: Int, columns: Int, rng: inout RandomStream) -> [Query] {
        let d = syn.count, k = min(columns, d)
        guard d > 0 else { return [] }
        let uniques: [[Double]] = syn.map { c in
            var seen = Set<UInt64>(), out: [Double] = []
            for x in c where seen.insert(x.isNaN ? UInt64.max : x.bitPattern).inserted { out.append(x) }
            return out
        }
        return (0..<attacks).map { _ in
            Array(rng.permutation(d).prefix(k)).sorted().compactMap { j -> Term? in
                guard !uniques[j].isEmpty else { return nil }
                let v = uniques[j][rng.nextInt(below: uniques[j].count)]
                let ops: [Op] = numeric[j] ? [.eq, .ne, .gt, .lt, .ge, .le] : [.eq, .ne]
                let op = ops[rng.nextInt(below: ops.count)]
                if v.isNaN { return Term(column: j, op: op == .eq ? .isNull : .notNull, value: .nan) }
                return Term(column: j, op: op, value: v)
            }
        }
    }

    /// The risk of one mode: `columns` 1 (univariate) or Anonymeter's `n_cols` 3 (multivariate).
    static func risk(_ data: AnonymeterData, multivariate: Bool, attacks: Int = 500, columns: Int = 3,
                     rng: inout RandomStream) -> (risk: AttackRisk, queries: Int) {
        let train = data.deduplicated(0), syn = data.deduplicated(1), control = data.deduplicated(2)
        let queries = multivariate
            ? multivariateQueries(syn, numeric: data.numeric, attacks: attacks, columns: columns, maxAttempts: 20 * attacks, rng: &rng)
            : univariateQueries(syn, numeric: data.numeric, attacks: attacks, rng: &rng)
        let baseline = baselineQueries(syn, numeric: data.numeric, attacks: attacks, columns: multivariate ? columns : 1, rng: &rng)
        let risk = AttackRisk(attacks: attacks,
                              successes: queries.filter { singlesOut($0, in: train) }.count,
                              controlSuccesses: queries.filter { singlesOut($0, in: control) }.count,
                              baselineSuccesses: baseline.filter { singlesOut($0, in: train) }.count)
        return (risk, queries.count)
    }
}
