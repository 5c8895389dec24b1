import SynthMath
import SynthTable

/// Optional corrections applied to a synthetic table after sampling, as the production pipeline offers
/// them. Each is off by default; the pipeline records which ran.
///
/// - `quantileMatching`: every numerical column (SDV sdtype numerical) is mapped through the real empirical
///   quantile function at the synthetic value's mid-rank, `x'_i = Q_real((rank_i + 0.5) / n)` (numpy's linear
///   interpolation; ties keep their order by row), so its marginal equals the real one while the rank order,
///   and with it the dependence structure, is kept. Integer columns are rounded back.
/// - `jitter`: adds N(0, (scale * sd_real)²) noise to float columns (not integer columns), clipped to the real
///   [min, max]; a small perturbation that breaks exact copies of real values.
/// - `categoricalCorrection`: for categorical and boolean columns, reassigns the fewest synthetic rows (chosen
///   at random) so that category counts equal the real shares times the synthetic row count (largest-
///   remainder rounding). Missing values are left alone.
public struct PostProcessing: Sendable, Equatable, Codable {
    public var quantileMatching = false
    public var jitter = false
    public var jitterScale = 0.01
    public var categoricalCorrection = false

    public init(quantileMatching: Bool = false, jitter: Bool = false, jitterScale: Double = 0.01,
                categoricalCorrection: Bool = false) {
        self.quantileMatching = quantileMatching; self.jitter = jitter
        self.jitterScale = jitterScale; self.categoricalCorrection = categoricalCorrection
    }

    /// Names of the steps that are on, in the order they run.
    public var enabledSteps: [String] {
        var s: [String] = []
        if quantileMatching { s.append("quantile_matching") }
        if jitter { s.append("jitter") }
        if categoricalCorrection { s.append("categorical_correction") }
        return s
    }

    public func apply(to synthetic: Table, real: Table, metadata: Metadata, seed: UInt64) throws -> Table {
        guard !enabledSteps.isEmpty else { return synthetic }
        let root = RandomStream(seed: seed)
        var out = synthetic
        for meta in metadata.columns {
            guard let s = synthetic[meta.name], let r = real[meta.name] else { continue }
            var rng = root.derived(meta.name)
            var column = s
            if meta.sdtype == .numerical, s.kind == .numerical || s.kind == .integer {
                if quantileMatching { column = Self.quantileMatch(column, to: r) }
                if jitter, column.kind == .numerical { column = Self.jitter(column, like: r, scale: jitterScale, rng: &rng) }
            }
            if categoricalCorrection, meta.sdtype == .categorical || meta.sdtype == .boolean,
               column.kind == .categorical || column.kind == .boolean {
                column = Self.correctCategories(column, to: r, rng: &rng)
            }
            try out.setColumn(column)
        }
        return out
    }

    static func quantileMatch(_ column: Column, to real: Column) -> Column {
        let reference = real.doubles().filter { !$0.isNaN }.sorted()
        guard !reference.isEmpty else { return column }
        let x = column.doubles()
        let present = x.indices.filter { !x[$0].isNaN }
        let order = present.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        var y = x
        let n = Double(order.count), m = Double(reference.count - 1)
        for (rank, i) in order.enumerated() {
            let pos = (Double(rank) + 0.5) / n * m
            let lo = Int(pos.rounded(.down)), hi = min(lo + 1, reference.count - 1)
            y[i] = reference[lo] + (reference[hi] - reference[lo]) * (pos - Double(lo))
        }
        return rebuild(column, y)
    }

    static func jitter(_ column: Column, like real: Column, scale: Double, rng: inout RandomStream) -> Column {
        let r = real.doubles().filter { !$0.isNaN }
        guard r.count > 1, let lo = r.min(), let hi = r.max() else { return column }
        let mean = r.reduce(0, +) / Double(r.count)
        let sd = (r.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(r.count - 1)).squareRoot()
        var y = column.doubles()
        for i in y.indices where !y[i].isNaN { y[i] = min(hi, max(lo, y[i] + scale * sd * rng.nextNormal())) }
        return rebuild(column, y)
    }

    static func correctCategories(_ column: Column, to real: Column, rng: inout RandomStream) -> Column {
        // Work on text labels so booleans and categoricals share one path.
        let n = column.count
        var labels = (0..<n).map { column.text(at: $0) }
        var realCounts: [String: Int] = [:]
        var realTotal = 0
        for i in 0..<real.count { if let t = real.text(at: i) { realCounts[t, default: 0] += 1; realTotal += 1 } }
        let rows = labels.indices.filter { labels[$0] != nil }
        guard realTotal > 0, !rows.isEmpty else { return column }
        // Target counts by largest remainder, categories in sorted order for determinism.
        let categories = realCounts.keys.sorted()
        let exact = categories.map { Double(realCounts[$0]!) / Double(realTotal) * Double(rows.count) }
        var target = exact.map { Int($0.rounded(.down)) }
        let order = categories.indices.sorted { (exact[$0] - Double(target[$0])) > (exact[$1] - Double(target[$1])) || ((exact[$0] - Double(target[$0])) == (exact[$1] - Double(target[$1])) && $0 < $1) }
        for k in 0..<(rows.count - target.reduce(0, +)) { target[order[k]] += 1 }
        var byLabel: [String: [Int]] = [:]
        for i in rows { byLabel[labels[i]!, default: []].append(i) }
        var surplus: [Int] = []
        for (label, members) in byLabel.sorted(by: { $0.key < $1.key }) {
            let want = categories.firstIndex(of: label).map { target[$0] } ?? 0
            if members.count > want {
                var m = members
                rng.shuffle(&m)
                surplus.append(contentsOf: m.prefix(members.count - want))
            }
        }
        rng.shuffle(&surplus)
        var next = 0
        for (k, label) in categories.enumerated() {
            let have = byLabel[label]?.count ?? 0
            for _ in 0..<max(0, target[k] - have) { labels[surplus[next]] = label; next += 1 }
        }
        switch column.values {
        case .boolean:
            return Column.boolean(column.name, labels.map { $0.map { $0 == "True" } })
        default:
            // Keep the original level order, appending real-only levels.
            guard let (_, levels) = column.categoricalCodes else { return column }
            var allLevels = levels
            for c in categories where !allLevels.contains(c) { allLevels.append(c) }
            let index = Dictionary(uniqueKeysWithValues: allLevels.enumerated().map { ($1, Int32($0)) })
            return Column(name: column.name,
                          values: .categorical(codes: labels.map { $0.map { index[$0]! } ?? -1 }, levels: allLevels),
                          missing: labels.map { $0 == nil })
        }
    }

    /// The same column kind with new values (integers rounded).
    static func rebuild(_ column: Column, _ y: [Double]) -> Column {
        switch column.values {
        case .integer: return Column.integer(column.name, y.map { $0.isNaN ? nil : Int($0.rounded()) })
        default: return Column.numerical(column.name, y.map { $0.isNaN ? nil : $0 })
        }
    }
}
