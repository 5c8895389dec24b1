import Foundation

/// Progress of a grid run on standard error. On a terminal: one live line, redrawn at most every 200 ms,
/// `[12/40] 2 running, 1 failed · elapsed 1m05s · ETA 3m10s`, with failures and warnings printed above it.
/// Otherwise (a log file, CI): one line per finished cell. The ETA is the mean wall time of the cells
/// finished in this invocation × the cells still to run (waiting + running) / jobs.
package final class ProgressReporter {
    package let total: Int
    package let jobs: Int
    package let interactive: Bool
    private let write: (String) -> Void
    /// The time source (injectable, so tests step it instead of waiting).
    private let timeSource: () -> ContinuousClock.Instant
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant? = nil
    private var lineShown = false
    private var done = 0
    private var failed = 0
    private var finishedHere: [Double] = []

    /// `write` receives text to put on standard error (injectable for tests).
    package init(total: Int, jobs: Int, interactive: Bool, write: @escaping (String) -> Void = ProgressReporter.standardError,
                timeSource: @escaping () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.total = total; self.jobs = max(1, jobs); self.interactive = interactive; self.write = write
        self.timeSource = timeSource
        start = timeSource()
    }

    /// Whether standard error is a terminal.
    package static var standardErrorIsTerminal: Bool { isatty(2) != 0 }

    package static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Cells finished in an earlier invocation (skipped now) count as done.
    package func alreadyFinished(_ results: [CellResult]) {
        done += results.count
        failed += results.filter { $0.status != .ok }.count
    }

    /// A cell ended; `wall` is its wall time in seconds as the runner saw it.
    package func finished(_ result: CellResult, wall: Double, running: Int, waiting: Int) {
        done += 1
        finishedHere.append(wall)
        if result.status != .ok { failed += 1 }
        let line = Self.describe(result, index: done, total: total, wall: wall)
        if interactive {
            if result.status != .ok { message(line) }
            redraw(running: running, waiting: waiting, force: true)
        } else {
            write(line + "\n")
        }
    }

    /// Prints a line (a warning, a notice) without garbling the live line.
    package func message(_ text: String) {
        if interactive && lineShown { write("\r\u{1B}[2K") ; lineShown = false }
        write(text + "\n")
    }

    /// Redraws the live line if 200 ms have passed since the last redraw (terminal only).
    package func tick(running: Int, waiting: Int) { redraw(running: running, waiting: waiting, force: false) }

    /// Clears the live line at the end of the run.
    package func close() {
        if interactive && lineShown { write("\r\u{1B}[2K"); lineShown = false }
    }

    /// The live line's text.
    package func statusLine(running: Int, waiting: Int) -> String {
        let d = (timeSource() - start).components
        let elapsed = Double(d.seconds) + Double(d.attoseconds) * 1e-18
        var s = "[\(done)/\(total)] \(running) running, \(failed) failed · elapsed \(Self.clock(elapsed))"
        if let eta = eta(running: running, waiting: waiting) { s += " · ETA \(Self.clock(eta))" }
        return s
    }

    /// mean(cell wall time in this invocation) × (waiting + running) / jobs; nil before the first cell ends.
    package func eta(running: Int, waiting: Int) -> Double? {
        guard !finishedHere.isEmpty else { return nil }
        let mean = finishedHere.reduce(0, +) / Double(finishedHere.count)
        return mean * Double(waiting + running) / Double(jobs)
    }

    private func redraw(running: Int, waiting: Int, force: Bool) {
        guard interactive else { return }
        let now = timeSource()
        if !force, let last = lastDraw, now - last < .milliseconds(200) { return }
        lastDraw = now
        write("\r\u{1B}[2K" + statusLine(running: running, waiting: waiting))
        lineShown = true
    }

    /// `[ 3/24] penguins__gc__sdv__s0  ok  1.2 s  54 MB  quality 0.831`, or the status, phase and the first
    /// line of the error for a failed cell.
    package static func describe(_ r: CellResult, index: Int, total: Int, wall: Double) -> String {
        let width = String(total).count
        let counter = "[" + String(repeating: " ", count: max(0, width - String(index).count)) + "\(index)/\(total)]"
        var s = "\(counter) \(r.cellID)  \(r.status.rawValue)  \(String(format: "%.1f s", wall))"
        if let mb = r.peakRSSMB { s += String(format: "  %.0f MB", mb) }
        if r.status == .ok {
            if let q = r.metrics.value(at: "sdmetrics.quality_score") { s += String(format: "  quality %.3f", q) }
            if let ks = r.metrics.utility?.ksMean { s += String(format: "  ks_mean %.3f", ks) }
        } else {
            let first = (r.error ?? "").split(separator: "\n").first.map(String.init) ?? ""
            s += "  (\(r.phase)) \(first)"
        }
        return s
    }

    /// `42s`, `3m05s`, `1h02m`.
    package static func clock(_ seconds: Double) -> String {
        let t = Int(seconds.rounded())
        if t < 60 { return "\(t)s" }
        if t < 3600 { return String(format: "%dm%02ds", t / 60, t % 60) }
        return String(format: "%dh%02dm", t / 3600, (t % 3600) / 60)
    }
}
