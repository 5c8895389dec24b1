import ArgumentParser
import Foundation
import Harness
import Logging
import Reports
import SynthCore

/// `synthbench worker`: claims queued runs and runs each cell in a child process, until stopped (docs/queue.md).
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run queued cells (from `queue submit` or `run SPEC --queue`) until stopped; several may run at once.",
        discussion: """
        Claims a run with a lease, renews it every lease/3 seconds, runs the cell in a child process as `synthbench \
        run` does (same timeouts, measurements and files under RESULTS/<experiment>/<group>/), stores its metrics and \
        artifacts, and rewrites the group's results.json. A run cancelled through the queue gets SIGTERM within \
        about --cancel-check seconds. A crashed cell or a dead worker's run is tried again up to the run's max \
        attempts. SIGTERM/SIGINT: stop claiming and finish the current cell; a second one stops the cell and gives \
        its run back to the queue. A storage failure under --results (a full disk or quota, EIO, a read-only file \
        system) stops the worker at once (exit 1): the run it holds goes back to the queue without counting the \
        attempt, or keeps its outcome when its cell record was already whole. A report or plots that cannot be \
        written for another reason are recorded in the run's error and the worker goes on. See docs/queue.md.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation
    @OptionGroup var db: DatabaseOption
    @Option(parsing: .unconditional, help: "Seconds between claims while the queue is empty.") var poll: Double = 2
    @Option(parsing: .unconditional, help: "Seconds a claim holds without a heartbeat (heartbeats every lease/3).") var lease: Double = 60
    @Option(name: .customLong("cancel-check"), parsing: .unconditional, help: "Seconds between reads of the running run's status.") var cancelCheck: Double = 0.5
    @Option(help: "Where run directories go (default: results).") var results: String = "results"
    @Option(name: .customLong("worker-id"), help: "This worker's name in the queue (default: <host>-<pid>).") var workerID: String?
    @Flag(name: .customLong("exit-when-drained"), help: "Exit once nothing is queued or running.") var exitWhenDrained = false
    @Option(name: .customLong("kill-grace"), help: .hidden) var killGrace: Double = 5
    @Option(help: "After each run, the group's report (docs/reports.md): auto (HTML, and PDF when Chromium is installed), html, pdf or none.")
    var report: ReportChoice = .auto

    @Option(help: "After each run, the group's gnuplot figures in RUN_DIR/plots/runs/<cell>/: auto (.dat and .gp, and PNG/SVG when gnuplot is installed), data (.dat and .gp only) or none.")
    var plots: PlotChoice = .auto

    enum ReportChoice: String, ExpressibleByArgument, CaseIterable { case auto, html, pdf, none }
    enum PlotChoice: String, ExpressibleByArgument, CaseIterable { case auto, data, none }

    func validate() throws {
        for (name, value) in [("--poll", poll), ("--lease", lease), ("--cancel-check", cancelCheck)] where !(value > 0 && value.isFinite) {
            throw ValidationError("\(name) must be a positive number of seconds, got \(value)")
        }
        if killGrace < 0 { throw ValidationError("--kill-grace must not be negative") }
        if let id = workerID, id.isEmpty { throw ValidationError("--worker-id must not be empty") }
    }

    func run() async throws {
        global.apply()
        // The results root is checked before any claim: a worker that cannot write there would fail every run it
        // claims ('cannot start: ...') and drain the queue into failed runs.
        try OutputLocation.prepare(URL(fileURLWithPath: results), estimatedBytes: GridRunner.estimatedBytesPerCell)
        let queue = try await db.open()
        var options = QueueWorker.Options(workerID: workerID ?? QueueWorker.defaultID(),
                                          resultsRoot: URL(fileURLWithPath: results), executable: try RunCommand.executablePath(),
                                          build: .thisBuild)
        options.lease = lease
        options.poll = poll
        options.cancelCheck = cancelCheck
        options.datasetsDirectory = location.datasetsDir
        options.cellArguments = global.logJSON ? ["--log-json"] : []
        options.killGraceS = killGrace
        options.exitWhenDrained = exitWhenDrained
        options.afterRun = [reportWriter(), plotWriter()].compactMap { $0 }
        let stop = InterruptWatch()
        stop.install()
        // The summary line also when a failure stops the worker (its error follows on stderr, exit 1).
        do {
            print(try await QueueWorker(queue: queue, options: options, stop: stop).run().line(worker: options.workerID))
        } catch let failure as QueueWorker.StorageFailure {
            print(failure.summary.line(worker: options.workerID))
            throw failure
        } catch let failure as QueueWorker.ReleaseFailure {
            print(failure.summary.line(worker: options.workerID))
            throw failure
        }
    }

    /// Writes RUN_DIR/reports/<cell>.html (and .pdf) after each run, as the production worker renders a report per
    /// run: the group's report as it stood when that run ended, one file per run so its recorded checksum stays
    /// true. Its failures are the worker's to judge (``QueueWorker/AfterRunStep``): a full disk stops the worker, any
    /// other failure is recorded on the run, which still counts (its cells are stored).
    func reportWriter() -> QueueWorker.AfterRunStep? {
        let printer = ChromiumPrinter.fromEnvironment()
        let pdf: Bool
        switch report {
        case .none: return nil
        case .html: pdf = false
        case .pdf: pdf = true
        case .auto: pdf = printer.executable != nil
        }
        return QueueWorker.AfterRunStep(name: "report") { directory, cellID, _ in
            let reports = try Self.folder(directory.appendingPathComponent("reports", isDirectory: true))
            do {
                let output = try RunReport.write(runDirectory: directory, out: reports.appendingPathComponent("\(cellID).html"),
                                                 pdf: pdf, printer: printer)
                return [("report_html", output.html)] + (output.pdf.map { [("report_pdf", $0)] } ?? [])
            } catch {
                throw Self.classified(error)
            }
        }
    }

    /// A report or plots error as the output error it was when the system gave a reason code (so a full disk stops
    /// the worker), else unchanged.
    static func classified(_ error: any Error) -> any Error {
        (error as? ReportError)?.outputError ?? error
    }

    /// `url`, created with its parents; a failure is an ``OutputError`` (the path and errno: a full disk stops the worker).
    static func folder(_ url: URL) throws -> URL {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw OutputError(wrapping: error, path: url.path, operation: .createDirectory)
        }
        return url
    }

    /// Draws the group's figures as they stand when a run ends into RUN_DIR/plots/runs/<cell>/ (RUN_DIR/plots/ is
    /// `synthbench plot`'s and changes as runs finish; one folder per run keeps each recorded checksum true), and
    /// returns them as the run's artifacts (`plot_dat`, `plot_gp`, `plot_png`, `plot_svg`). A figure gnuplot fails
    /// to render is logged; figures that cannot be written are the worker's to judge, as the report's.
    func plotWriter() -> QueueWorker.AfterRunStep? {
        let renderer: GnuplotRenderer
        switch plots {
        case .none: return nil
        case .data: renderer = GnuplotRenderer(executable: nil, unavailableReason: "the worker runs with --plots data")
        case .auto: renderer = .fromEnvironment()
        }
        return QueueWorker.AfterRunStep(name: "plots") { directory, cellID, log in
            let folder = try Self.folder(directory.appendingPathComponent("plots/runs/\(cellID)", isDirectory: true))
            let report: PlotReport
            do { report = try RunPlots.write(runDirectory: directory, into: folder, renderer: renderer) } catch {
                throw Self.classified(error)
            }
            for (figure, why) in report.renderFailures.sorted(by: { $0.key < $1.key }) {
                log.warning("cannot render a figure", metadata: ["figure": "\(figure)", "error": "\(why)"])
            }
            return report.files.map { file in
                let url = URL(fileURLWithPath: file)
                return ("plot_\(url.pathExtension)", url)
            }
        }
    }
}
