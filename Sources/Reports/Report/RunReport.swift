import Foundation
import Mustache
import SynthCore
import Harness

/// The HTML report of a run directory, and of a backend comparison (docs/reports.md, "HTML and PDF
/// report"): one self-contained file (CSS inline, figures as inline SVG, no external request) with the
/// summary, figures, the per-cell table, the comparison's verdicts and their statistics, failures,
/// fallbacks, the environment and the privacy findings; optionally printed to PDF by headless Chromium.
/// `synthbench report` calls ``write(runDirectory:compareWith:baseline:candidate:out:pdf:printer:)``; so can the
/// queue's worker after each run.
package enum RunReport {
    /// What one report shows, read from one run directory or two.
    package struct Input {
        package struct Source {
            package var directory: URL
            package var environment: EnvironmentRecord?
            /// Cells `results.json` lists as having no result yet.
            package var pending: [String]
        }

        package var runs: [Source]
        /// The cells of every run shown.
        package var cells: RunCells
        package var comparison: BackendComparison?
        /// Where the comparison came from, or why there is none.
        package var comparisonSource: String
        /// `RUN_DIR/reference-comparison.json` (`compare --reference`): each flavour against its library.
        package var reference: ReferenceComparison?
        /// The run's figures, then the comparison's, as the gnuplot writer gets them.
        package var figures: [GnuplotFigure]
    }

    package struct Output: Sendable {
        package var html: URL
        package var pdf: URL?
    }

    /// Reads a run directory (and `other`, whose cells join the comparison: e.g. the baseline backend's
    /// cells from an earlier run). The comparison is `RUN_DIR/comparison.json` when `synthbench compare`
    /// wrote one for the same two backends (its tolerances kept), else computed with the default
    /// tolerances when both backends have cells, else absent.
    package static func load(runDirectory: URL, compareWith other: URL? = nil, baseline: String = "sdv",
                             candidate: String = "synthcity") throws(ReportError) -> Input {
        let run = try RunCells.load(runDirectory: runDirectory)
        var sources = [source(runDirectory)]
        var cells = run
        var comparison: BackendComparison?
        var note: String
        if let other {
            let second = try RunCells.load(runDirectory: other)
            sources.append(source(other))
            var ids: [String: String] = [:]
            for c in run.cells { ids[c.cellID] = runDirectory.path }
            for c in second.cells where ids[c.cellID] != nil {
                throw .duplicateCell(key: "cell_id \(c.cellID)", first: "\(runDirectory.path)/cells/\(c.cellID).json",
                                     second: "\(other.path)/cells/\(c.cellID).json")
            }
            cells = RunCells(directory: runDirectory, cells: run.cells + second.cells)
            comparison = try BackendComparison.compare(cells, baseline: baseline, candidate: candidate)
            note = "computed over the cells of both runs with the default tolerances"
        } else if let saved = try saved(BackendComparison.self, "comparison.json", in: runDirectory, version: \.schemaVersion),
                  saved.baseline == baseline, saved.candidate == candidate {
            comparison = saved
            note = "comparison.json, as written by synthbench compare"
        } else if run.backends.contains(baseline), run.backends.contains(candidate) {
            comparison = try BackendComparison.compare(run, baseline: baseline, candidate: candidate)
            note = "computed with the default tolerances (run synthbench compare first to choose them)"
        } else {
            note = "no comparison: the run has no cells on both \(baseline) and \(candidate) (it has \(run.backends.joined(separator: ", ")))"
        }
        let reference = try saved(ReferenceComparison.self, "reference-comparison.json", in: runDirectory, version: nil)
        var figures = RunFigures(run: cells).all
        if let comparison { figures += ComparisonFigures(comparison: comparison).all }
        if let reference { figures += reference.figures }
        return Input(runs: sources, cells: cells, comparison: comparison, comparisonSource: note, reference: reference,
                     figures: figures)
    }

    /// The report's HTML.
    package static func html(_ input: Input) -> String {
        template.render(ReportPage(input: input).context)
    }

    /// Writes `out` (default `RUN_DIR/report.html`) and, with `pdf`, the same page printed to a PDF beside
    /// it (same name, `.pdf`). Throws when the run cannot be read, a file cannot be written, or Chromium is
    /// missing or fails (the HTML is written first and stays).
    package static func write(runDirectory: URL, compareWith other: URL? = nil, baseline: String = "sdv",
                              candidate: String = "synthcity", out: URL? = nil, pdf: Bool = false,
                              printer: ChromiumPrinter = .fromEnvironment()) throws(ReportError) -> Output {
        let input = try load(runDirectory: runDirectory, compareWith: other, baseline: baseline, candidate: candidate)
        let html = out ?? runDirectory.appendingPathComponent("report.html")
        do { try AtomicFile.write(Self.html(input), to: html) } catch {
            let failure = OutputError(wrapping: error, path: html.path, operation: .write)
            throw .writeFailed(path: html.path, reason: failure.reason, code: failure.code)
        }
        guard pdf else { return Output(html: html, pdf: nil) }
        let file = html.deletingPathExtension().appendingPathExtension("pdf")
        do { try printer.printPDF(html: html, to: file) } catch {
            // A storage error keeps its code, so a worker stops on a full disk here as for any other output.
            throw .writeFailed(path: file.path, reason: error.description, code: error.outputError?.code)
        }
        return Output(html: html, pdf: file)
    }

    static func source(_ directory: URL) -> Input.Source {
        let dir = RunDirectory(url: directory)
        let results = try? RunResults.read(from: dir.resultsJSON)
        let environment = (try? Data(contentsOf: dir.environment)).flatMap { try? SynthJSON.decoder().decode(EnvironmentRecord.self, from: $0) }
        return Input.Source(directory: directory, environment: environment ?? results?.environment, pending: results?.pending ?? [])
    }

    /// `RUN_DIR/<name>` as written by `synthbench compare` when present; an unreadable one is an error (it
    /// is never silently replaced). `version` reads a schema version that must be the current one.
    static func saved<T: Decodable>(_ type: T.Type, _ name: String, in runDirectory: URL,
                                    version: KeyPath<T, Int>?) throws(ReportError) -> T? {
        let url = runDirectory.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else { return nil }
        let again = "; run synthbench compare \(runDirectory.path)\(name.hasPrefix("reference") ? " --reference" : "") again, or delete it"
        let value: T
        do { value = try SynthJSON.decoder().decode(T.self, from: data) } catch {
            throw .invalidFile(file: url.path, location: "", reason: "not a comparison this build reads (\(error))" + again)
        }
        if let version, value[keyPath: version] != BackendComparison.schemaVersion {
            throw .invalidFile(file: url.path, location: "schema_version",
                               reason: "\(value[keyPath: version]), this build reads \(BackendComparison.schemaVersion)" + again)
        }
        return value
    }

    /// The page template (``ReportTemplates``), parsed once. It is fixed text: a parse failure is a
    /// programmer error, which the report tests catch.
    static let template = try! MustacheTemplate(string: ReportTemplates.page)
}
