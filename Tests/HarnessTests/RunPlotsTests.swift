import Foundation
import SynthCore
@testable import Harness
@testable import Reports
import Testing

/// The run figures of a fabricated run: data files hold only finished cells (means and sds over seeds),
/// list failures as comments, quote names; scripts label everything; rendering happens only with gnuplot.
@Suite struct RunPlotsTests {
    static let gnuplot = ExecutableLookup.locate("gnuplot", path: ProcessInfo.processInfo.environment["PATH"] ?? "")

    func text(_ run: URL, _ file: String) throws -> String {
        try String(contentsOf: run.appendingPathComponent("plots/\(file)"), encoding: .utf8)
    }

    /// The data rows (not comments, not blank) of a .dat file.
    func rows(_ dat: String) -> [String] {
        dat.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    @Test func writesDataAndScriptsWithoutGnuplot() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        let report = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        let expected = ["quality_vs_time", "fit_time", "peak_memory", "metric_quality", "metric_ks_mean", "metric_corr_delta",
                        "metric_mia_auc", "metric_dup_rate", "metric_auroc"]
        #expect(report.figures == expected)
        #expect(!report.rendered && report.gnuplot == nil)
        #expect(report.notes.contains { $0.contains("not rendered: rendering was switched off; wrote .dat and .gp files only") })
        for name in expected {
            for ext in ["dat", "gp"] {
                #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("plots/\(name).\(ext)").path))
            }
            #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("plots/\(name).png").path))
        }
    }

    @Test func fitTimeDataAreMeansOverFinishedSeeds() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        _ = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        let dat = try text(run, "fit_time.dat")
        // ctgan on adult: sdv fit 40 x (0.99, 1, 1.01); synthcity 52 x (0.99, 1) (seed 2 timed out).
        let ctgan = rows(dat).first { $0.hasPrefix("\"ctgan / adult\"") }
        #expect(ctgan == "\"ctgan / adult\" \"ctgan\" \"adult\" 40 0.4 3 51.74 0.367696 2")
        // gc on synthcity fell back to sdv: flagged in the label and listed.
        #expect(rows(dat).contains { $0.hasPrefix("\"gc / adult *\"") })
        #expect(dat.contains("# Fallbacks"))
        #expect(dat.contains("adult__gc__synthcity__s0: synthcity -> sdv: synthcity has no 'gc'; using sdv's"))
        // The timed-out cell is a comment, never a row.
        #expect(dat.contains("#   adult__ctgan__synthcity__s2: adult ctgan synthcity seed 2: timeout in phase fit"))
        #expect(!rows(dat).contains { $0.contains("s2") })
        // Names with spaces stay one quoted field: 5 methods x 2 datasets rows.
        #expect(rows(dat).contains { $0.hasPrefix("\"tvae / credit card\" \"tvae\" \"credit card\" ") })
        #expect(rows(dat).count == 10)
    }

    @Test func qualityVsTimeHasOnePanelPerDatasetAndTheParetoFront() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        _ = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        let dat = try text(run, "quality_vs_time.dat")
        let blocks = dat.components(separatedBy: "\n\n\n")
        // Per dataset: an sdv block, a synthcity block, a Pareto block.
        #expect(blocks.count == 6)
        let pareto = blocks[2]
        #expect(pareto.contains("# pareto dataset \"adult\""))
        // uniform (fastest) and identity (best) on sdv dominate everything else on adult.
        #expect(rows(pareto).map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
                == ["\"uniform\" \"adult\" \"sdv\"", "\"identity\" \"adult\" \"sdv\""])
        let gp = try text(run, "quality_vs_time.gp")
        #expect(gp.contains("set logscale x 10"))
        #expect(gp.contains("set xlabel \"total time per cell (s, log scale)\""))
        #expect(gp.contains("set ylabel \"quality (SDMetrics quality score)\""))
        #expect(gp.contains("set multiplot layout 1,2"))
        #expect(gp.contains("index 2 using 4:6 with steps"))
        #expect(gp.contains("index 5 using 4:6 with steps"))
        #expect(gp.contains("lc rgb \"#1f77b4\" title \"sdv\"") && gp.contains("lc rgb \"#ff7f0e\" title \"synthcity\""))
        #expect(gp.contains("set output \"quality_vs_time.\".fmt") && gp.contains("formats = \"png svg\""))
        #expect(gp.contains("noenhanced"))
    }

    @Test func histogramScriptsLabelAxesAndRotateLongLabels() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        _ = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        let fit = try text(run, "fit_time.gp")
        #expect(fit.contains("set ylabel \"fit time (s), log scale\""))   // 0.001 s .. 52 s spans > 100x
        #expect(fit.contains("set logscale y"))
        #expect(fit.contains("set xtics rotate by 35 right"))
        #expect(fit.contains("using 4:5:xtic(1) title \"sdv\"") && fit.contains("using 7:8 title \"synthcity\""))
        #expect(fit.contains("set style histogram errorbars"))
        let mia = try text(run, "metric_mia_auc.gp")
        #expect(mia.contains("set ylabel \"mia_auc (privacy.mia_auc; lower is better)\""))
        #expect(mia.contains("set yrange [0:*]"))
        let memory = try text(run, "peak_memory.gp")
        #expect(memory.contains("peak resident memory (MB)"))
    }

    @Test func metricsAbsentEverywhereGetNoFigureAndQualityFallsBack() throws {
        let cells = [RunFixture.cell(seed: 0, auroc: nil, sdmetrics: false), RunFixture.cell(seed: 1, ksMean: 0.3, auroc: nil, sdmetrics: false),
                     RunFixture.cell(backend: "synthcity", seed: 0, ksMean: 0.2, auroc: nil, sdmetrics: false)]
        let run = try RunFixture.write(cells)
        defer { RunFixture.remove(run) }
        let report = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        #expect(!report.figures.contains("metric_auroc"))
        #expect(report.notes.contains { $0.contains("1 - utility.ks_mean") })
        let dat = try text(run, "metric_quality.dat")
        // quality = 1 - ks_mean: sdv (0.9, 0.7) -> 0.8 ± 0.141421; synthcity 0.8 alone (sd shown as 0).
        #expect(rows(dat) == ["\"gc / adult\" \"gc\" \"adult\" 0.8 0.141421 2 0.8 0 1"])
        #expect(try text(run, "metric_quality.gp").contains("quality (1 - ks_mean; run has no sdmetrics suite)"))
    }

    @Test func staleFiguresAreRemovedAndForeignFilesKept() throws {
        let run = try RunFixture.write([RunFixture.cell(seed: 0), RunFixture.cell(seed: 1)])
        defer { RunFixture.remove(run) }
        _ = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        let plots = run.appendingPathComponent("plots")
        #expect(FileManager.default.fileExists(atPath: plots.appendingPathComponent("metric_auroc.dat").path))
        try "keep".write(to: plots.appendingPathComponent("compare_deltas.dat"), atomically: true, encoding: .utf8)
        // Rewrite the run without auroc: its figure goes, the comparison's file stays.
        for seed: UInt64 in [0, 1] {
            let c = RunFixture.cell(seed: seed, auroc: nil)
            try AtomicFile.write(try JSONEncoder().encode(c), to: run.appendingPathComponent("cells/\(c.cellID).json"))
        }
        _ = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        #expect(!FileManager.default.fileExists(atPath: plots.appendingPathComponent("metric_auroc.dat").path))
        #expect(FileManager.default.fileExists(atPath: plots.appendingPathComponent("compare_deltas.dat").path))
    }

    @Test func aRunWithNoFinishedCellWritesNothingAndSaysSo() throws {
        let run = try RunFixture.write([RunFixture.cell(status: .error)])
        defer { RunFixture.remove(run) }
        let report = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        #expect(report.figures.isEmpty)
        #expect(report.notes.contains { $0.contains("no cell finished") })
    }

    @Test func rejectsADirectoryThatIsNotARun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("synthbench-not-a-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: ReportError.self) { try RunPlots.write(runDirectory: dir, renderer: GnuplotRenderer(executable: nil)) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("cells"), withIntermediateDirectories: true)
        try "{\"schema_version\": 1}".write(to: dir.appendingPathComponent("cells/broken.json"), atomically: true, encoding: .utf8)
        do {
            _ = try RunCells.load(runDirectory: dir)
            Issue.record("a broken cell file was accepted")
        } catch {
            #expect(error.description.contains("broken.json") && error.description.contains("missing key"))
        }
    }

    @Test(.enabled(if: RunPlotsTests.gnuplot != nil, "gnuplot is not installed"))
    func rendersPNGAndSVGWhenGnuplotIsInstalled() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        let report = try RunPlots.write(runDirectory: run, renderer: GnuplotRenderer(executable: Self.gnuplot))
        #expect(report.rendered, "\(report.renderFailures)")
        for name in report.figures {
            let png = try Data(contentsOf: run.appendingPathComponent("plots/\(name).png"))
            #expect(png.count > 1000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(name).png")
            let svg = try String(contentsOf: run.appendingPathComponent("plots/\(name).svg"), encoding: .utf8)
            #expect(svg.contains("<svg") && svg.contains("</svg>"), "\(name).svg")
        }
    }
}
