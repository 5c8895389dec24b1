import Foundation
@testable import Harness
@testable import Reports
import Testing

/// SDGym's wins (at least the copula's quality on the dataset AND on its quality/time Pareto front) and
/// its adjusted scores (failures fall back to the Uniform synthesizer).
@Suite struct LeaderboardTests {
    typealias C = RunFixture

    @Test func paretoFrontNeedsStrictDominance() {
        let points: [ParetoFront.Point] = [(0.8, 10), (0.85, 5), (0.9, 100), (0.82, 50), (0.7, 1), (0.9, 100)]
        #expect(ParetoFront.membership(points) == [false, true, true, false, true, true])
        #expect(ParetoFront.steps(points).map(\.time) == [1, 5, 100, 100])
        // Equal quality and equal time do not dominate each other.
        #expect(ParetoFront.membership([(0.5, 1), (0.5, 1)]) == [true, true])
    }

    func entry(_ board: Leaderboard, _ dataset: String, _ method: String, _ backend: String = "sdv") -> Leaderboard.Entry? {
        board.datasets.first { $0.dataset == dataset }?.entries.first { $0.method == method && $0.backend == backend }
    }

    @Test func winsNeedCopulaQualityAndTheParetoFront() throws {
        // No uniform cell: unadjusted, time = fit + sample (the fixture's sample is 0.05 s).
        let cells = [
            C.cell(method: "gc", quality: 0.80, fit: 10),          // beaten by A on both axes: not on the front
            C.cell(method: "A", quality: 0.85, fit: 5),            // front, >= gc: wins
            C.cell(method: "B", quality: 0.90, fit: 100),          // front (best quality), >= gc: wins
            C.cell(method: "C", quality: 0.82, fit: 50),           // >= gc but A dominates it: no win
            C.cell(method: "D", quality: 0.70, fit: 1),            // front (fastest) but below gc: no win
            C.cell(method: "B", backend: "synthcity", quality: 0.90, fit: 100),  // ties B: both on the front, both win
            C.cell(dataset: "census", method: "A", quality: 0.9, fit: 1),       // no gc on census: nobody wins
        ]
        let board = Leaderboard.build(cells, quality: .sdmetricsQualityScore, copulaBackend: "sdv")
        let adult = try #require(board.datasets.first { $0.dataset == "adult" })
        #expect(adult.copulaQuality == 0.80 && adult.copulaBackend == "sdv" && !adult.adjusted)
        let wins = Dictionary(uniqueKeysWithValues: adult.entries.map { ("\($0.method)/\($0.backend)", $0.wins) })
        #expect(wins == ["gc/sdv": false, "A/sdv": true, "B/sdv": true, "C/sdv": false, "D/sdv": false, "B/synthcity": true])
        #expect(adult.entries.map(\.method) == ["B", "B", "A", "C", "gc", "D"])   // by quality, then time
        let d = try #require(entry(board, "adult", "D"))
        #expect(d.onParetoFront && d.atLeastCopula == false && abs(d.timeS - 1.05) < 1e-12)
        let census = try #require(board.datasets.first { $0.dataset == "census" })
        #expect(census.copulaQuality == nil && census.entries.allSatisfy { !$0.wins && $0.atLeastCopula == nil })
        #expect(census.notes.contains { $0.contains("no gc row") })
        let a = try #require(board.summary.first { $0.method == "A" })
        #expect((a.datasets, a.wins) == (2, 1))
        #expect(abs(a.meanQuality - 0.875) < 1e-12)
        #expect(board.summary.prefix(3).map(\.wins) == [1, 1, 1])
    }

    @Test func adjustedScoresFallBackToUniformAsSDGymDoes() throws {
        let cells = [
            C.cell(method: "uniform", quality: 0.4, fit: 0.1),                       // U: fit 0.1, sample 0.05, quality 0.4
            C.cell(method: "gc", quality: 0.8, fit: 2),
            C.cell(method: "ctgan", seed: 0, quality: 0.9, fit: 10),
            C.cell(method: "ctgan", seed: 1, status: .error),                         // fit never finished
            C.cell(method: "ctgan", seed: 2, status: .timeout, total: 60),            // stopped after 60 s
            C.cell(method: "ctgan", backend: "synthcity", status: .cancelled),        // no synthcity uniform: sdv's
        ]
        let board = Leaderboard.build(cells, quality: .sdmetricsQualityScore, copulaBackend: "sdv")
        #expect(board.datasets[0].adjusted && board.datasets[0].notes.isEmpty)
        let uniform = try #require(entry(board, "adult", "uniform"))
        #expect(abs(uniform.timeS - 0.25) < 1e-12)                                 // SDGym's 2 U.fit + U.sample
        let gc = try #require(entry(board, "adult", "gc"))
        #expect(abs(gc.timeS - 2.15) < 1e-12)                                      // U.fit + fit + sample
        let ctgan = try #require(entry(board, "adult", "ctgan"))
        // qualities 0.9, U 0.4, U 0.4; times 0.1+10+0.05, 0.1+0+0+0.05, 0.1+60+0.05
        #expect(abs(ctgan.quality - 1.7 / 3) < 1e-12)
        #expect(abs(ctgan.timeS - (10.15 + 0.15 + 60.15) / 3) < 1e-12)
        #expect((ctgan.cells, ctgan.failedCells) == (3, 2))
        let cancelled = try #require(entry(board, "adult", "ctgan", "synthcity"))
        #expect(cancelled.quality == 0.4 && abs(cancelled.timeS - 0.15) < 1e-12 && cancelled.failedCells == 1)
    }

    @Test func copulaComesFromTheBaselineBackendAndAliasesCount() throws {
        // gaussian_copula is an alias of gc; the sdv row sets the bar, not the higher synthcity one.
        let cells = [C.cell(method: "gaussian_copula", backend: "synthcity", quality: 0.9, fit: 10),
                     C.cell(method: "gaussian_copula", backend: "sdv", quality: 0.7, fit: 10),
                     C.cell(method: "ctgan", quality: 0.75, fit: 1)]
        let board = Leaderboard.build(cells, quality: .sdmetricsQualityScore, copulaBackend: "sdv")
        #expect(board.datasets[0].copulaQuality == 0.7 && board.datasets[0].copulaBackend == "sdv")
        #expect(entry(board, "adult", "ctgan")?.wins == true)
        let other = Leaderboard.build(cells, quality: .sdmetricsQualityScore, copulaBackend: "synthcity")
        #expect(other.datasets[0].copulaQuality == 0.9)
        #expect(entry(other, "adult", "ctgan")?.wins == false)
    }

    @Test func withoutUniformFailedCellsAreLeftOut() throws {
        let cells = [C.cell(method: "gc", seed: 0, quality: 0.8, fit: 2), C.cell(method: "gc", seed: 1, quality: 0.6, fit: 4),
                     C.cell(method: "gc", seed: 2, status: .timeout, total: 60)]
        let board = Leaderboard.build(cells, quality: .sdmetricsQualityScore, copulaBackend: "sdv")
        let e = try #require(entry(board, "adult", "gc"))
        #expect(abs(e.quality - 0.7) < 1e-12 && abs(e.timeS - 3.05) < 1e-12 && e.cells == 2 && e.failedCells == 0)
        #expect(e.wins)   // the copula ties itself and nothing dominates it
        #expect(board.datasets[0].notes.contains { $0.contains("no finished uniform cell") })
    }
}
