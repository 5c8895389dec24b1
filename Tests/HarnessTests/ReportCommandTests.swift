import Foundation
@testable import Harness
@testable import Reports
import Testing
import SynthTestSupport

/// `synthbench check`, `compare` and `plot` run as the built binary on fabricated runs: exit codes and output.
@Suite struct ReportCommandTests {
    struct Outcome { let status: Int32; let stdout: String; let stderr: String }

    func synthbench(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try SynthBenchBinary.path())
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["MIA_MAX"] = nil
        env["DUP_MAX"] = nil
        env["SYNTHBENCH_GNUPLOT"] = "none"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func thresholds(_ json: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thresholds-\(UUID().uuidString).json")
        try json.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func checkExitsOneOnAPlantedViolationAndZeroOtherwise() throws {
        let good = try RunFixture.write([RunFixture.cell(seed: 0), RunFixture.cell(backend: "synthcity", seed: 0)])
        let bad = try RunFixture.write([RunFixture.cell(seed: 0), RunFixture.cell(method: "ctgan", seed: 0, miaAUC: 0.73)])
        let file = try thresholds(#"{"privacy.mia_auc": {"max": 0.60}, "privacy.dup_rate": {"max": 0.05}, "quality": {"min": 0.5}}"#)
        defer { RunFixture.remove(good); RunFixture.remove(bad); try? FileManager.default.removeItem(at: file) }

        let pass = try synthbench(["check", good.path, "--thresholds", file.path])
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        #expect(pass.stdout.contains("PASS: 2 cell(s) meet every threshold"))

        let fail = try synthbench(["check", bad.path, "--thresholds", file.path])
        #expect(fail.status == 1)
        #expect(fail.stdout.contains("FAIL adult__ctgan__sdv__s0 (ctgan, sdv, adult, seed 0): privacy.mia_auc = 0.73 > max 0.6"))

        // MIA_MAX tightens the limit below the good run's 0.55.
        let strict = try synthbench(["check", good.path, "--thresholds", file.path], environment: ["MIA_MAX": "0.5"])
        #expect(strict.status == 1 && strict.stdout.contains("privacy.mia_auc = 0.55 > max 0.5"))

        // --json carries the same violations.
        let json = try synthbench(["check", bad.path, "--thresholds", file.path, "--json"])
        #expect(json.status == 1)
        let report = try JSONDecoder().decode(CheckReport.self, from: Data(json.stdout.utf8))
        #expect(report.violations.map(\.kind) == [.aboveMax] && report.violations[0].limit == 0.6)

        // Within every threshold but 0.029-0.031 worse than the baseline on mia_auc over three seeds (default
        // tolerance 0.02): the interval clears the tolerance, exit 1. One seed alone is only a note.
        let baseline = try RunFixture.write((0..<3).map { RunFixture.cell(seed: UInt64($0), miaAUC: 0.55) })
        let drifted = try RunFixture.write((0..<3).map { RunFixture.cell(seed: UInt64($0), miaAUC: 0.579 + 0.001 * Double($0)) })
        defer { RunFixture.remove(baseline); RunFixture.remove(drifted) }
        #expect(try synthbench(["check", drifted.path, "--thresholds", file.path]).status == 0)
        let worse = try synthbench(["check", drifted.path, "--thresholds", file.path, "--baseline", baseline.path])
        #expect(worse.status == 1 && worse.stdout.contains("privacy.mia_auc worsening 0.03 [95 % CI"), "\(worse.stdout)")
        let single = try RunFixture.write([RunFixture.cell(seed: 0, miaAUC: 0.58)])
        defer { RunFixture.remove(single) }
        let open = try synthbench(["check", single.path, "--thresholds", file.path, "--baseline", baseline.path])
        #expect(open.status == 0 && open.stdout.contains("inconclusive, add seeds"), "\(open.stdout)")
    }

    @Test func checkExitsTwoWhenItCannotCheck() throws {
        let run = try RunFixture.write([RunFixture.cell()])
        let file = try thresholds(#"{"privacy.mia": {"max": 0.6}}"#)
        defer { RunFixture.remove(run); try? FileManager.default.removeItem(at: file) }
        let badFile = try synthbench(["check", run.path, "--thresholds", file.path])
        #expect(badFile.status == 2 && badFile.stderr.contains("unknown metric path 'privacy.mia'"))
        let noRun = try synthbench(["check", run.appendingPathComponent("nope").path, "--thresholds", file.path])
        #expect(noRun.status == 2)
    }

    @Test func compareAndPlotWriteTheirFiles() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        let compare = try synthbench(["compare", run.path, "--tolerance", "quality=0.03"])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.split(separator: "\n").contains { $0.hasPrefix("ctgan ") && $0.contains(" worse ") })
        for file in ["comparison.json", "comparison.md", "plots/compare_deltas.gp", "plots/compare_ratios.dat"] {
            #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent(file).path), "\(file)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("comparison.json"))) as! [String: Any]
        #expect((json["tolerances"] as? [String: Double])?["quality"] == 0.03)
        let failing = try synthbench(["compare", run.path, "--fail-if-worse"])
        #expect(failing.status == 1)
        let unknown = try synthbench(["compare", run.path, "--candidate", "nope"])
        #expect(unknown.status != 0 && unknown.stderr.contains("the run has no cells for that backend"))

        let plot = try synthbench(["plot", run.path])
        #expect(plot.status == 0 && plot.stdout.contains("not rendered: SYNTHBENCH_GNUPLOT is set to 'none'"), "\(plot.stdout)\(plot.stderr)")
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("plots/quality_vs_time.gp").path))
    }
}
