import Synthesizers

/// A leaderboard per dataset in SDGym's manner (sdv.md 1.10): one row per method x backend (requested)
/// with its mean quality and mean total time over its finished cells; a row *wins* the dataset iff its
/// quality is at least the Gaussian copula's (method `gc`) on that dataset AND it is on the dataset's
/// quality/time Pareto front (no other row has strictly higher quality and strictly lower time).
///
/// The copula's quality is that of the `gc` row on `copulaBackend` (the comparison's baseline) when there
/// is one, else of the first `gc` row by backend; parameter-free `gc` rows are preferred. A dataset without a
/// finished `gc` cell has no wins (SDGym has no score to beat there either).
public struct Leaderboard: Codable, Sendable {
    public var quality: String
    public var copulaMethod: String
    public var datasets: [DatasetBoard]
    public var summary: [SummaryRow]

    enum CodingKeys: String, CodingKey { case quality, copulaMethod = "copula_method", datasets, summary }

    public struct Entry: Codable, Sendable, Equatable {
        public var method: String
        public var backend: String
        public var quality: Double
        public var timeS: Double
        public var cells: Int
        public var onParetoFront: Bool
        /// nil when the dataset has no copula row.
        public var atLeastCopula: Bool?
        public var wins: Bool

        enum CodingKeys: String, CodingKey {
            case method, backend, quality, timeS = "time_s", cells, onParetoFront = "on_pareto_front"
            case atLeastCopula = "at_least_copula", wins
        }
    }

    public struct DatasetBoard: Codable, Sendable {
        public var dataset: String
        public var copulaQuality: Double?
        public var copulaBackend: String?
        public var entries: [Entry]
        public var note: String?

        enum CodingKeys: String, CodingKey {
            case dataset, copulaQuality = "copula_quality", copulaBackend = "copula_backend", entries, note
        }
    }

    public struct SummaryRow: Codable, Sendable, Equatable {
        public var method: String
        public var backend: String
        public var datasets: Int
        public var wins: Int
        public var meanQuality: Double

        enum CodingKeys: String, CodingKey { case method, backend, datasets, wins, meanQuality = "mean_quality" }
    }

    public static let copulaMethod = "gc"

    public static func build(_ cells: [CellResult], quality: QualityMeasure, copulaBackend: String) -> Leaderboard {
        let groups = SeedGroup.groups(cells)
        var boards: [DatasetBoard] = []
        for dataset in Set(groups.map(\.dataset)).sorted() {
            var entries: [Entry] = []
            var copulas: [(group: SeedGroup, quality: Double)] = []
            for g in groups where g.dataset == dataset {
                guard let q = g.summary(quality.value), let t = g.summary({ $0.timingsS.total }) else { continue }
                entries.append(Entry(method: g.methodLabel, backend: g.backend, quality: q.mean, timeS: t.mean, cells: g.cells.count,
                                     onParetoFront: false, atLeastCopula: nil, wins: false))
                if MethodFactory.canonicalName(g.method) == copulaMethod { copulas.append((g, q.mean)) }
            }
            let copula = copulas.sorted { a, b in
                let ka = (a.group.backend == copulaBackend ? 0 : 1, a.group.params.isEmpty ? 0 : 1, a.group.backend)
                let kb = (b.group.backend == copulaBackend ? 0 : 1, b.group.params.isEmpty ? 0 : 1, b.group.backend)
                return ka < kb
            }.first
            let front = ParetoFront.membership(entries.map { (quality: $0.quality, time: $0.timeS) })
            for i in entries.indices {
                entries[i].onParetoFront = front[i]
                if let copula {
                    entries[i].atLeastCopula = entries[i].quality >= copula.quality
                    entries[i].wins = entries[i].atLeastCopula! && front[i]
                }
            }
            entries.sort { $0.quality != $1.quality ? $0.quality > $1.quality : $0.timeS < $1.timeS }
            boards.append(DatasetBoard(dataset: dataset, copulaQuality: copula?.quality, copulaBackend: copula?.group.backend,
                                       entries: entries,
                                       note: copula == nil ? "no finished \(copulaMethod) cell on this dataset: no row can win" : nil))
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
