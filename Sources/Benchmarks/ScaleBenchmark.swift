import SynthCore
import Foundation
import Harness
import Reports
import Synthesizers

/// `bench scale`: fit, sample and evaluate cost against the row count. Each size runs as its own child
/// process (`synthbench bench scale --point N`, see ``ScalePoint``), measured the way grid cells are
/// (``ChildProcess``: a process group, CPU from `wait4`); the parent collects the points, fits each
/// phase's growth exponent (``GrowthExponent``) and writes log-log gnuplot curves. With a reference, the
/// same sizes run through a Python script (SDV's own synthesizer on the same resampled rows) and land on
/// the same plots.
package enum ScaleBenchmark {
    package static let defaultSizes = [10_000, 30_000, 100_000, 300_000, 1_000_000]
    package static let largeSizes = [3_000_000, 10_000_000]
    package static let phases = ["load", "fit", "sample", "evaluate"]

    package struct Options: Sendable {
        package var dataset: String
        package var method: String
        package var backend: Backend
        /// `KEY=VALUE` method parameters, handed to every point as given.
        package var parameters: [String]
        package var sizes: [Int]
        package var seed: UInt64
        /// The `--eval-cap*` options to pass on (none: the defaults).
        package var evalCapArguments: [String]
        package var directory: URL
        /// The synthbench executable the points run.
        package var executable: String
        package var datasetsDirectory: String?
        /// A Python interpreter with SDV and the reference script (`scripts/bench/sdv_scale.py`), or nil.
        package var reference: (python: String, script: String)?

        package init(dataset: String, method: String, backend: Backend, parameters: [String] = [], sizes: [Int],
                    seed: UInt64 = 0, evalCapArguments: [String] = [], directory: URL, executable: String,
                    datasetsDirectory: String? = nil, reference: (python: String, script: String)? = nil) {
            self.dataset = dataset; self.method = method; self.backend = backend; self.parameters = parameters
            self.sizes = sizes; self.seed = seed; self.evalCapArguments = evalCapArguments; self.directory = directory
            self.executable = executable; self.datasetsDirectory = datasetsDirectory; self.reference = reference
        }
    }

    package struct Report: Codable, Sendable {
        package var dataset: String
        package var method: String
        package var backend: String
        package var points: [ScalePoint]
        /// The reference library's points (empty without `--reference`).
        package var reference: [ScalePoint]
        /// Phase -> growth exponent of the wall time (null with fewer than two sizes).
        package var exponents: [String: Double?]
        package var referenceExponents: [String: Double?]
        /// Phase -> growth exponent of the CPU time: on a loaded machine the steadier figure, since wall
        /// time there grows with the load as well as the rows.
        package var cpuExponents: [String: Double?]
        package var referenceCPUExponents: [String: Double?]
        /// Sizes that did not finish, with why.
        package var failures: [String]

        enum CodingKeys: String, CodingKey {
            case dataset, method, backend, points, reference, exponents, failures
            case referenceExponents = "reference_exponents"
            case cpuExponents = "cpu_exponents", referenceCPUExponents = "reference_cpu_exponents"
        }
    }

    /// Runs every size (smallest first) and returns the report; `progress` hears one line per size.
    package static func run(_ o: Options, progress: (String) -> Void = { _ in }) throws -> Report {
        try FileManager.default.createDirectory(at: o.directory, withIntermediateDirectories: true)
        var points: [ScalePoint] = [], reference: [ScalePoint] = [], failures: [String] = []
        for n in o.sizes.sorted() {
            let dir = o.directory.appendingPathComponent("\(n)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            var args = ["bench", "scale", "--point", "\(n)", "--dataset", o.dataset, "--method", o.method,
                        "--backend", o.backend.rawValue, "--seed", "\(o.seed)", "--out", dir.path]
            for p in o.parameters { args += ["--param", p] }
            args += o.evalCapArguments
            if let d = o.datasetsDirectory { args += ["--datasets-dir", d] }
            if o.reference != nil && n <= ScalePoint.fitLimit { args.append("--keep-data") }
            let pointFile = dir.appendingPathComponent("point.json")
            if let failure = runChild(o.executable, args, log: dir.appendingPathComponent("point.log")) {
                failures.append("\(n) rows: \(failure)")
                progress("\(n) rows: \(failure)")
                continue
            }
            guard let point = try? SynthJSON.decoder().decode(ScalePoint.self, from: Data(contentsOf: pointFile)) else {
                failures.append("\(n) rows: no readable \(pointFile.path)")
                continue
            }
            points.append(point)
            progress(summary(point, label: "synthbench"))
            if let ref = o.reference, n <= ScalePoint.fitLimit {
                let out = dir.appendingPathComponent("reference.json")
                let data = dir.appendingPathComponent("data.csv")
                let failure = runChild(ref.python, [ref.script, "--data", data.path, "--rows", "\(n)", "--seed", "\(o.seed)",
                                                "--out", out.path], log: dir.appendingPathComponent("reference.log"))
                try? FileManager.default.removeItem(at: data)
                if let failure {
                    failures.append("\(n) rows, reference: \(failure)")
                } else if let r = try? SynthJSON.decoder().decode(ScalePoint.self, from: Data(contentsOf: out)) {
                    reference.append(r)
                    progress(summary(r, label: "reference"))
                }
            }
        }
        return Report(dataset: o.dataset, method: o.method, backend: o.backend.rawValue, points: points,
                      reference: reference, exponents: exponents(points), referenceExponents: exponents(reference),
                      cpuExponents: exponents(points, of: \.cpuS), referenceCPUExponents: exponents(reference, of: \.cpuS),
                      failures: failures)
    }

    /// Phase -> the growth exponent of its wall time (or another cost) over the points that ran it.
    package static func exponents(_ points: [ScalePoint],
                                  of cost: KeyPath<ScalePoint.Phase, Double> = \.wallS) -> [String: Double?] {
        var out: [String: Double?] = [:]
        for name in phases {
            let xy = points.compactMap { p in p.phase(name).map { (n: Double($0.rows), cost: $0[keyPath: cost]) } }
            if !xy.isEmpty { out[name] = .some(GrowthExponent.fit(xy)) }
        }
        return out
    }

    static func summary(_ p: ScalePoint, label: String) -> String {
        let phases = p.phases.map { ph in
            "\(ph.name) " + String(format: "%.2f s (cpu %.2f s, ", ph.wallS, ph.cpuS)
                + "peak \(ph.peakRSSMB.map { String(format: "%.0f", $0) } ?? "?") MB)"
        }
        return "\(label) \(p.rows) rows: " + phases.joined(separator: "; ")
    }

    /// Runs a child to its end; nil when it exited 0, else why not.
    static func runChild(_ executable: String, _ arguments: [String], log: URL) -> String? {
        do {
            let child = try ChildProcess.spawn(executable: executable, arguments: arguments,
                                               environment: ProcessInfo.processInfo.environment, log: log)
            let end = child.waitForExit()
            return end.reason == .exited(code: 0) ? nil : "\(end.reason) (log: \(log.path))"
        } catch {
            return "\(error)"
        }
    }

    // MARK: Plots

    /// Writes `scale-time` and `scale-memory` (`.dat` and `.gp`) into `directory` and renders them when
    /// gnuplot is there; returns the images, or why there are none.
    package static func writePlots(_ report: Report, to directory: URL,
                                  renderer: GnuplotRenderer = .fromEnvironment()) throws -> Result<[URL], GnuplotRenderer.Failure> {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sizes = Set(report.points.map(\.rows) + report.reference.map(\.rows)).sorted()
        func column(_ points: [ScalePoint], _ n: Int, _ phase: String, _ value: (ScalePoint.Phase) -> Double?) -> String {
            guard let p = points.first(where: { $0.rows == n })?.phase(phase), let v = value(p) else { return "NaN" }
            return String(format: "%.6g", v)
        }
        var images: [URL] = []
        let figures: [(name: String, title: String, unit: String, value: (ScalePoint.Phase) -> Double?)] = [
            ("scale-time", "wall time", "seconds", { $0.wallS }),
            ("scale-memory", "peak resident memory", "MB", { $0.peakRSSMB }),
        ]
        for (name, title, unit, value) in figures {
            var dat = "# rows " + phases.joined(separator: " ") + " " + phases.map { "ref_" + $0 }.joined(separator: " ") + "\n"
            for n in sizes {
                let ours = phases.map { column(report.points, n, $0, value) }
                let ref = phases.map { column(report.reference, n, $0, value) }
                dat += "\(n) " + (ours + ref).joined(separator: " ") + "\n"
            }
            try dat.write(to: directory.appendingPathComponent("\(name).dat"), atomically: true, encoding: .utf8)
            var plots: [String] = []
            let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]
            // The time plot's legend names each phase's growth exponents (wall, then CPU); the memory plot's none.
            func label(_ wall: [String: Double?], _ cpu: [String: Double?], _ phase: String) -> String {
                guard name == "scale-time", let k = wall[phase].flatMap({ $0 }) else { return "" }
                let c = cpu[phase].flatMap { $0 }.map { String(format: ", cpu %.2f", $0) } ?? ""
                return String(format: " (k = %.2f", k) + c + ")"
            }
            for (i, phase) in phases.enumerated() {
                let k = label(report.exponents, report.cpuExponents, phase)
                plots.append("\"\(name).dat\" using 1:\(i + 2) with linespoints lw 2 pt 7 lc rgb \"\(colors[i])\" title \"\(phase)\(k)\"")
                if !report.reference.isEmpty, report.reference.contains(where: { $0.phase(phase) != nil }) {
                    let rk = label(report.referenceExponents, report.referenceCPUExponents, phase)
                    plots.append("\"\(name).dat\" using 1:\(i + 2 + phases.count) with linespoints lw 2 dt 2 pt 6 lc rgb \"\(colors[i])\" title \"reference \(phase)\(rk)\"")
                }
            }
            let body = """
            set title \(GnuplotScript.string("\(report.method) (\(report.backend)) on \(report.dataset): \(title) per phase"))
            set logscale xy
            set xlabel "rows"
            set ylabel \(GnuplotScript.string(unit))
            set key top left
            set grid
            plot \(plots.joined(separator: ", \\\n     "))
            """
            let script = GnuplotScript.script(name: name, title: "\(report.method) scale: \(title)", width: 900, height: 600, body: body)
            try script.write(to: directory.appendingPathComponent("\(name).gp"), atomically: true, encoding: .utf8)
        }
        do {
            for name in ["scale-time", "scale-memory"] { images += try renderer.render(figure: name, in: directory) }
        } catch { return .failure(error) }
        return .success(images)
    }
}
