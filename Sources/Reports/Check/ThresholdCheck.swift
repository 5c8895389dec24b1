import Foundation
import Harness
import SynthCore

/// Checks a run's cells against a ``ThresholdFile`` and, optionally, against a baseline run.
///
/// - Every cell that did not finish is a `failed` violation unless the file sets `allow_failures`
///   (then it is a note and its metrics are not checked).
/// - Every bound that applies to a finished cell (``ThresholdFile/bounds(for:)``) is checked inclusively;
///   a null or absent value is a `missing` violation.
/// - With a baseline, each finished cell is matched to the baseline cell with the same dataset, method,
///   requested backend, seed and parameters. For every toleranced metric (the file's `tolerances`, else the
///   headline defaults of ``HeadlineMetric``), worsening = baseline − value for a maximised metric and
///   value − baseline for a minimised one (``MetricPath/direction``); ``BaselineRegression`` tests the
///   paired worsenings of each method x backend over seeds and datasets against the tolerance as a
///   non-inferiority margin: `regressed` only when the interval lies beyond it, a note when inconclusive.
///   A value the baseline has but the cell lacks is `missing`. Quality is measured the current run's way
///   in both runs.
package struct ThresholdCheck: Sendable {
    package var file: ThresholdFile
    /// The `MIA_MAX` / `DUP_MAX` values applied to `file`.
    package var environmentOverrides: [String: Double]

    /// Applies `environment`'s `MIA_MAX` / `DUP_MAX` to `file`.
    package init(file: ThresholdFile, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ReportError) {
        var f = file
        environmentOverrides = try f.applyEnvironment(environment)
        self.file = f
    }

    package func check(_ run: RunCells, baseline: RunCells? = nil) -> CheckReport {
        let quality = run.quality
        var violations: [CheckReport.Violation] = []
        var notes: [String] = []
        var notComparable: [String] = []
        func violation(_ c: CellResult, _ kind: CheckReport.Kind, metric: String? = nil, value: Double? = nil,
                       limit: Double? = nil, baselineValue: Double? = nil, tolerance: Double? = nil, _ what: String) {
            let who = "\(c.cellID) (\(c.method), \(c.backendRequested), \(c.dataset), seed \(c.seed))"
            violations.append(.init(cellID: c.cellID, dataset: c.dataset, method: c.method, backend: c.backendRequested,
                                    seed: c.seed, kind: kind, metric: metric, value: value, limit: limit,
                                    baselineValue: baselineValue, tolerance: tolerance, status: c.status, message: "\(who): \(what)"))
        }
        for c in run.cells {
            guard c.status == .ok else {
                let what = "\(c.status.rawValue) in phase \(c.phase)\(c.error.map { ": \($0)" } ?? "")"
                if file.allowFailures { notes.append("\(c.cellID): \(what) (allowed by allow_failures)") }
                else { violation(c, .failed, "cell \(what)") }
                continue
            }
            for (path, bound) in file.bounds(for: c).sorted(by: { $0.key < $1.key }) {
                guard let v = path.value(in: c, quality: quality) else {
                    let why = path.suiteNotRun(in: c).map { "was not computed (the cell ran no \($0) suite; add \"\($0)\" to the grid spec's suites)" }
                        ?? "is missing (null)"
                    violation(c, .missing, metric: path.rawValue, limit: bound.max ?? bound.min,
                              "\(path) \(why), so its threshold \(describe(bound)) cannot be verified")
                    continue
                }
                if let hi = bound.max, v > hi {
                    violation(c, .aboveMax, metric: path.rawValue, value: v, limit: hi, "\(path) = \(fmt(v)) > max \(fmt(hi))")
                }
                if let lo = bound.min, v < lo {
                    violation(c, .belowMin, metric: path.rawValue, value: v, limit: lo, "\(path) = \(fmt(v)) < min \(fmt(lo))")
                }
            }
        }
        if let baseline {
            let tolerances = file.tolerances ?? Dictionary(uniqueKeysWithValues: HeadlineMetric.all.map { ($0.path, $0.defaultTolerance) })
            let regression = BaselineRegression(tolerances: tolerances, quality: quality).check(run, against: baseline)
            violations += regression.violations
            notes += regression.notes
            notComparable += regression.notComparable
        }
        var report = CheckReport(runDirectory: run.directory.path, thresholdFile: file.file, baselineDirectory: baseline?.directory.path,
                                 cellsChecked: run.cells.count, quality: quality.label, environmentOverrides: environmentOverrides,
                                 violations: violations, notes: notes)
        report.notComparable = notComparable
        return report
    }

    /// Refuses overrides that select no cell of `run` (a typo such as `"dataset": "wnie"` would silently
    /// disable a stricter gate), naming the closest dataset, backend or method the run has.
    package func validateOverrides(against run: RunCells) throws(ReportError) {
        let datasets = Array(Set(run.cells.map(\.dataset))), backends = Array(Set(run.cells.map(\.backendRequested)))
        let methods = Array(Set(run.cells.map(\.method)))
        for (i, o) in file.overrides.enumerated() where !run.cells.contains(where: o.matches) {
            let location = "overrides[\(i)]"
            func unknown(_ key: String, _ value: String, _ known: [String]) -> ReportError {
                let hint = ClosestName.closest(to: value, among: known).map { "; did you mean '\($0)'?" } ?? ""
                return .invalidFile(file: file.file, location: "\(location).\(key)",
                                    reason: "'\(value)' matches no cell of \(run.directory.path)\(hint) (the run has \(key)s \(known.sorted().joined(separator: ", ")))")
            }
            if let d = o.dataset, !datasets.contains(d) { throw unknown("dataset", d, datasets) }
            if let b = o.backend, !backends.contains(b) { throw unknown("backend", b, backends) }
            if let m = o.method, !run.cells.contains(where: { ThresholdFile.Override(method: m, thresholds: [:]).matches($0) }) {
                throw unknown("method", m, methods)
            }
            let selectors = [o.method.map { "method \($0)" }, o.dataset.map { "dataset \($0)" }, o.backend.map { "backend \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            throw .invalidFile(file: file.file, location: location,
                               reason: "matches no cell of \(run.directory.path): no cell has \(selectors) together")
        }
    }

    /// Refuses a baseline that shares no cell with `run` (a run of another grid, or a wrong path): every cell
    /// would be a "no baseline cell" note and the regression gate would pass without comparing anything.
    /// A partial overlap stays a note per unmatched cell.
    package static func validateBaseline(_ baseline: RunCells, for run: RunCells) throws(ReportError) {
        let keys = Set(baseline.cells.map(matchKey))
        guard !run.cells.contains(where: { keys.contains(matchKey($0)) }) else { return }
        func grid(_ r: RunCells) -> String {
            func list(_ values: [String]) -> String { Set(values).sorted().joined(separator: ", ") }
            return "experiment \(list(r.cells.map(\.experiment))): datasets \(list(r.cells.map(\.dataset))), "
                + "methods \(list(r.cells.map(\.method))), backends \(list(r.cells.map(\.backendRequested))), "
                + "seeds \(list(r.cells.map { String($0.seed) }))"
        }
        throw .invalidOption(name: "--baseline", value: baseline.directory.path,
                             expected: "a run of the same grid; it shares no cell (same dataset, method, backend, seed "
                                + "and parameters) with \(run.directory.path) (baseline \(grid(baseline)); run \(grid(run)))")
    }

    static func matchKey(_ c: CellResult) -> String {
        [c.dataset, c.method, c.backendRequested, String(c.seed), CellGroupKey.text(c.params)].joined(separator: "\u{0}")
    }

    func describe(_ b: ThresholdFile.Bound) -> String {
        [b.min.map { "min \(fmt($0))" }, b.max.map { "max \(fmt($0))" }].compactMap { $0 }.joined(separator: ", ")
    }

    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
}
