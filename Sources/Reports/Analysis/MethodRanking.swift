/// Ranks every method x backend of a run across its datasets: ``FriedmanTest`` on the leaderboard's mean
/// quality per dataset (SDGym-adjusted when the dataset has a `uniform` cell), with the Nemenyi critical
/// difference. Methods without a score on every dataset are left out (Friedman needs complete blocks).
package enum MethodRanking {
    package static func friedman(_ leaderboard: Leaderboard) -> FriedmanTest? {
        let boards = leaderboard.datasets
        func label(_ e: Leaderboard.Entry) -> String { "\(e.method) (\(e.backend))" }
        var present: [String: Int] = [:]
        for b in boards { for e in b.entries { present[label(e), default: 0] += 1 } }
        let methods = present.filter { $0.value == boards.count }.keys.sorted()
        let scores = boards.map { b in
            methods.map { m in b.entries.first { label($0) == m }!.quality }
        }
        return try? FriedmanTest(scores: scores, methods: methods, datasets: boards.map(\.dataset))
    }
}
