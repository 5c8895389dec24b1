import Harness
import Synthesizers

/// A leaderboard per dataset in SDGym's manner (sdv.md 1.6 item 7 and 1.10): one row per method x
/// backend (requested) with its mean *adjusted* quality and time; a row *wins* the dataset iff its quality
/// is at least the Gaussian copula's (method `gc`) on that dataset AND it is on the dataset's quality/time
/// Pareto front (no other row has strictly higher quality and strictly lower time).
///
/// Adjusted scores simulate "fall back to the Uniform synthesizer", as SDGym's `_add_adjusted_scores`:
/// with U the `uniform` method's mean fit seconds, sample seconds and quality on the dataset (its cells on
/// the same requested backend, else on `copulaBackend`, else any),
/// - a finished cell: time = U.fit + fit + sample, quality = its quality;
/// - an error or cancelled cell: time = U.fit + fit + sample + U.sample (phases that did not finish count 0),
///   quality = U.quality;
/// - a timed-out cell: time = U.fit + elapsed + U.sample, where elapsed is the cell's recorded total (the
///   time until it was stopped, SDGym's `timeout`), quality = U.quality.
/// Without a finished `uniform` cell on the dataset (SDGym then falls back to unadjusted scores), time =
/// fit + sample and failed cells are left out. A row's figures are means over its seeds.
///
/// The copula's quality is that of the `gc` row on `copulaBackend` (the comparison's baseline) when there
/// is one, else of the first `gc` row by backend; parameter-free `gc` rows are preferred. A dataset without a
/// `gc` row has no wins (SDGym has no score to beat there either).
package struct Leaderboard: Codable, Sendable {
    package var quality: String
    package var copulaMethod: String
    package var datasets: [DatasetBoard]
    package var summary: [SummaryRow]

    enum CodingKeys: String, CodingKey { case quality, copulaMethod = "copula_method", datasets, summary }

    package struct Entry: Codable, Sendable, Equatable {
        package var method: String
        package var backend: String
        package var quality: Double
        package var timeS: Double
        /// Cells averaged (finished ones, plus failed ones scored as Uniform when adjusted).
        package var cells: Int
        /// Failed cells among them, scored as Uniform.
        package var failedCells: Int
        package var onParetoFront: Bool
        /// nil when the dataset has no copula row.
        package var atLeastCopula: Bool?
        package var wins: Bool

        enum CodingKeys: String, CodingKey {
            case method, backend, quality, timeS = "time_s", cells, failedCells = "failed_cells", onParetoFront = "on_pareto_front"
            case atLeastCopula = "at_least_copula", wins
        }
    }

    package struct DatasetBoard: Codable, Sendable {
        package var dataset: String
        package var copulaQuality: Double?
        package var copulaBackend: String?
        /// Whether the times and qualities are SDGym's adjusted ones (a finished `uniform` cell exists).
        package var adjusted: Bool
        package var entries: [Entry]
        package var notes: [String]

        enum CodingKeys: String, CodingKey {
            case dataset, copulaQuality = "copula_quality", copulaBackend = "copula_backend", adjusted, entries, notes
        }
    }

    package struct SummaryRow: Codable, Sendable, Equatable {
        package var method: String
        package var backend: String
        package var datasets: Int
        package var wins: Int
        package var meanQuality: Double

        enum CodingKeys: String, CodingKey { case method, backend, datasets, wins, meanQuality = "mean_quality" }
    }

    package static let copulaMethod = "gc"
    package static let uniformMethod = "uniform"

    /// The Uniform synthesizer's mean fit seconds, sample seconds and quality on one dataset and backend.
    struct UniformReference {
        let fit: Double
        let sample: Double
        let quality: Double?

        init?(_ cells: [CellResult], quality: QualityMeasure) {
            let ok = cells.filter { $0.status == .ok }
            guard !ok.isEmpty else { return nil }
            fit = ok.map { $0.timingsS.fit ?? 0 }.reduce(0, +) / Double(ok.count)
            sample = ok.map { $0.timingsS.sample ?? 0 }.reduce(0, +) / Double(ok.count)
            self.quality = SampleSummary(ok.compactMap(quality.value))?.mean
        }
    }

    /// One cell's (quality, time) by the rules above; nil when it cannot be scored (failed, no Uniform).
    static func adjusted(_ c: CellResult, uniform u: UniformReference?, quality: QualityMeasure) -> (quality: Double?, time: Double)? {
        let fit = c.timingsS.fit ?? 0, sample = c.timingsS.sample ?? 0
        guard let u else { return c.status == .ok ? (quality.value(in: c), fit + sample) : nil }
        switch c.status {
        case .ok: return (quality.value(in: c), u.fit + fit + sample)
        case .timeout: return (u.quality, u.fit + (c.timingsS.total ?? [c.timingsS.load, c.timingsS.fit, c.timingsS.sample, c.timingsS.evaluate].compactMap { $0 }.reduce(0, +)) + u.sample)
        case .error, .cancelled: return (u.quality, u.fit + fit + sample + u.sample)
        }
    }

    package static func build(_ cells: [CellResult], quality: QualityMeasure, copulaBackend: String) -> Leaderboard {
        var boards: [DatasetBoard] = []
        for dataset in Set(cells.map(\.dataset)).sorted() {
            let here = cells.filter { $0.dataset == dataset }
            let uniformCells = here.filter { MethodFactory.canonicalName($0.method) == uniformMethod }
            var uniforms: [String: UniformReference] = [:]
            for (backend, cs) in Dictionary(grouping: uniformCells, by: \.backendRequested) {
                uniforms[backend] = UniformReference(cs, quality: quality)
            }
            let fallbackUniform = uniforms[copulaBackend] ?? uniforms.keys.sorted().first.flatMap { uniforms[$0] }
            let rows = Dictionary(grouping: here) { [$0.method, CellGroupKey.text($0.params), $0.backendRequested] }
            var entries: [Entry] = []
            var copulas: [(backend: String, params: String, quality: Double)] = []
            for (key, cs) in rows {
                let u = uniforms[key[2]] ?? fallbackUniform
                let scored = cs.compactMap { c in adjusted(c, uniform: u, quality: quality).map { (c, $0) } }
                guard let q = SampleSummary(scored.compactMap(\.1.quality)), let t = SampleSummary(scored.map(\.1.time)) else { continue }
                let label = key[1].isEmpty ? key[0] : "\(key[0]) [\(key[1])]"
                entries.append(Entry(method: label, backend: key[2], quality: q.mean, timeS: t.mean, cells: scored.count,
                                     failedCells: scored.filter { $0.0.status != .ok }.count,
                                     onParetoFront: false, atLeastCopula: nil, wins: false))
                if MethodFactory.canonicalName(key[0]) == copulaMethod { copulas.append((key[2], key[1], q.mean)) }
            }
            let copula = copulas.min { a, b in
                (a.backend == copulaBackend ? 0 : 1, a.params.isEmpty ? 0 : 1, a.backend) < (b.backend == copulaBackend ? 0 : 1, b.params.isEmpty ? 0 : 1, b.backend)
            }
            let front = ParetoFront.membership(entries.map { (quality: $0.quality, time: $0.timeS) })
            for i in entries.indices {
                entries[i].onParetoFront = front[i]
                if let copula {
                    entries[i].atLeastCopula = entries[i].quality >= copula.quality
                    entries[i].wins = entries[i].atLeastCopula! && front[i]
                }
            }
            entries.sort { ($0.quality, -$0.timeS, $1.method, $1.backend) > ($1.quality, -$1.timeS, $0.method, $0.backend) }
            var notes: [String] = []
            if fallbackUniform == nil {
                notes.append("no finished \(uniformMethod) cell on this dataset: unadjusted scores (time = fit + sample), failed cells left out")
            }
            if copula == nil { notes.append("no \(copulaMethod) row on this dataset: no row can win") }
            boards.append(DatasetBoard(dataset: dataset, copulaQuality: copula?.quality, copulaBackend: copula?.backend,
                                       adjusted: fallbackUniform != nil, entries: entries, notes: notes))
        }
        var summary: [String: SummaryRow] = [:]
        var qualities: [String: [Double]] = [:]
        for b in boards {
            for e in b.entries {
                let key = "\(e.method)\u{0}\(e.backend)"
                var row = summary[key] ?? SummaryRow(method: e.method, backend: e.backend, datasets: 0, wins: 0, meanQuality: 0)
                row.datasets += 1
                row.wins += e.wins ? 1 : 0
                summary[key] = row
                qualities[key, default: []].append(e.quality)
            }
        }
        for (key, q) in qualities { summary[key]!.meanQuality = q.reduce(0, +) / Double(q.count) }
        let order = BackendOrder.sorted(summary.values.map(\.backend))
        let rows = summary.values.sorted { a, b in
            if a.wins != b.wins { return a.wins > b.wins }
            if a.meanQuality != b.meanQuality { return a.meanQuality > b.meanQuality }
            return (a.method, order.firstIndex(of: a.backend)!) < (b.method, order.firstIndex(of: b.backend)!)
        }
        return Leaderboard(quality: quality.label, copulaMethod: copulaMethod, datasets: boards, summary: rows)
    }
}
