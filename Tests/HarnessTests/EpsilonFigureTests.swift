import Foundation
@testable import Harness
@testable import Reports
import Synthesizers
import Testing

/// The epsilon-axis figure of a fabricated sweep: one line per DP method (means and sds over seeds at each
/// requested epsilon), non-private methods as dashed reference lines, absent from runs without DP cells.
@Suite struct EpsilonFigureTests {
    /// dpgan at epsilon 0.1, 1, 10 (quality rising, AUC rising), 2 seeds each, and ctgan without DP.
    static func sweep() -> [CellResult] {
        var cells: [CellResult] = []
        for (e, q) in [(0.1, 0.3), (1.0, 0.5), (10.0, 0.7)] {
            for seed: UInt64 in [0, 1] {
                let bump = seed == 0 ? -0.01 : 0.01
                var c = RunFixture.cell(method: "dpgan", backend: "synthcity", seed: seed,
                                        params: ["epsilon": .double(e), "delta": .double(1e-5)],
                                        quality: q + bump, miaAUC: 0.5 + e / 100)
                c.dpRequested = true
                c.metrics.privacy?.dpRequested = true
                c.metrics.privacy?.dpEpsilon = e * 0.99
                cells.append(c)
            }
        }
        for seed: UInt64 in [0, 1] {
            cells.append(RunFixture.cell(method: "ctgan", backend: "synthcity", seed: seed, quality: 0.8, miaAUC: 0.6))
        }
        return cells
    }

    @Test func linesPerMethodAgainstEpsilon() throws {
        let run = try RunFixture.write(Self.sweep())
        defer { RunFixture.remove(run) }
        let report = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        #expect(report.figures.contains("epsilon_sweep"))
        let dat = try String(contentsOf: run.appendingPathComponent("plots/epsilon_sweep.dat"), encoding: .utf8)
        let rows = dat.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        // Quality panel: epsilon ascending, mean of the two seeds, sd sqrt(2) x 0.01, spent epsilon.
        #expect(rows[0] == "\"dpgan\" \"adult\" \"synthcity\" 0.1 0.3 0.0141421 2 0.099")
        #expect(rows[2] == "\"dpgan\" \"adult\" \"synthcity\" 10 0.7 0.0141421 2 9.9")
        #expect(rows[3] == "\"ctgan\" \"adult\" \"synthcity\" 0.8 0 2")
        // AUC panel.
        #expect(rows[4] == "\"dpgan\" \"adult\" \"synthcity\" 0.1 0.501 0 2 0.099")
        #expect(rows[7] == "\"ctgan\" \"adult\" \"synthcity\" 0.6 0 2")
        let gp = try String(contentsOf: run.appendingPathComponent("plots/epsilon_sweep.gp"), encoding: .utf8)
        #expect(gp.contains("set logscale x 10") && gp.contains("set multiplot layout 1,2"))
        #expect(gp.contains("with yerrorlines") && gp.contains("title \"dpgan\""))
        #expect(gp.contains("0.8 with lines dt 2") && gp.contains("title \"ctgan (non-private)\""))
    }

    @Test func absentWithoutDPCells() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        let report = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        #expect(!report.figures.contains("epsilon_sweep"))
    }
}
