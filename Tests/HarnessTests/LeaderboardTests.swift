import Foundation
@testable import Harness
import Testing

/// SDGym's wins: at least the copula's quality on the dataset AND on its quality/time Pareto front.
@Suite struct LeaderboardTests {
    typealias C = RunFixture

    @Test func paretoFrontNeedsStrictDominance() {
        let points: [ParetoFront.Point] = [(0.8, 10), (0.85, 5), (0.9, 100), (0.82, 50), (0.7, 1), (0.9, 100)]
        #expect(ParetoFront.membership(points) == [false, true, true, false, true, true])
        #expect(ParetoFront.steps(points).map(\.time) == [1, 5, 100, 100])
        // Equal quality and equal time do not dominate each other.
        #expect(ParetoFront.membership([(0.5, 1), (0.5, 1)]) == [true, true])
    }

    @Test func winsNeedCopulaQualityAndTheParetoFront() throws {
        let cells = [
            C.cell(method: "gc", quality: 0.80, total: 10),          // beaten by A on both axes: not on the front
            C.cell(method: "A", quality: 0.85, total: 5),            // front, >= gc: wins
            C.cell(method: "B", quality: 0.90, total: 100),          // front (best quality), >= gc: wins
            C.cell(method: "C", quality: 0.82, total: 50),           // >= gc but A dominates it: no win
            C.cell(method: "D", quality: 0.70, total: 1),            // front (fastest) but below gc: no win
            C.cell(method: "B", backend: "synthcity", quality: 0.90, total: 100),  // ties B: both on the front, wins
            C.cell(dataset: "census", method: "A", quality: 0.9, total: 1),       // no gc on census: nobody wins
        ]
        let board = Leaderboard.build(cells, quality: .sdmetricsQualityScore, copulaBackend: "sdv")
        let adult = try #require(board.datasets.first { $0.dataset == "adult" })
        #expect(adult.copulaQuality == 0.80 && adult.copulaBackend == "sdv")
        let wins = Dictionary(uniqueKeysWithValues: adult.entries.map { ("\($0.method)/\($0.backend)", $0.wins) })
        #expect(wins == ["gc/sdv": false, "A/sdv": true, "B/sdv": true, "C/sdv": false, "D/sdv": false, "B/synthcity": true])
        let d = try #require(adult.entries.first { $0.method == "D" })
        #expect(d.onParetoFront && d.atLeastCopula == false)
        let census = try #require(board.datasets.first { $0.dataset == "census" })
        #expect(census.copulaQuality == nil && census.entries.allSatisfy { !$0.wins && $0.atLeastCopula == nil })
        #expect(census.note?.contains("no finished gc cell") == true)
        let a = try #require(board.summary.first { $0.method == "A" })
        #expect((a.datasets, a.wins) == (2, 1))
        #expect(abs(a.meanQuality - 0.875) < 1e-12)
        #expect(board.summary.prefix(3).map(\.wins) == [1, 1, 1])
    }

    @Test func copulaComesFromTheBaselineBackendAndAliasesCount() throws {
        // gaussian_copula is an alias of gc; the sdv row sets the bar, not the higher synthcity one.
        let cells = [C.cell(method: "gaussian_copula", backend: "synthcity", quality: 0.9, total: 10),
                     C.cell(method: "gaussian_copula", backend: "sdv", quality: 0.7, total: 10),
                     C.cell(method: "ctgan", quality: 0.75, total: 1)]
        let board = Leaderboard.build(cells, quality: .sdmetricsQualityScore, copulaBackend: "sdv")
        #expect(board.datasets[0].copulaQuality == 0.7 && board.datasets[0].copulaBackend == "sdv")
        #expect(board.datasets[0].entries.first { $0.method == "ctgan" }?.wins == true)
        let other = Leaderboard.build(cells, quality: .sdmetricsQualityScore, copulaBackend: "synthcity")
        #expect(other.datasets[0].copulaQuality == 0.9)
        #expect(other.datasets[0].entries.first { $0.method == "ctgan" }?.wins == false)
    }

    @Test func meansAreOverSeedsAndFailedCellsDoNotCount() throws {
        let cells = [C.cell(method: "gc", seed: 0, quality: 0.8, total: 2), C.cell(method: "gc", seed: 1, quality: 0.6, total: 4),
                     C.cell(method: "gc", seed: 2, status: .timeout)]
        let e = try #require(Leaderboard.build(cells, quality: .sdmetricsQualityScore, copulaBackend: "sdv").datasets[0].entries.first)
        #expect(abs(e.quality - 0.7) < 1e-12 && e.timeS == 3 && e.cells == 2)
        #expect(e.wins)   // the copula ties itself and nothing dominates it
    }
}
