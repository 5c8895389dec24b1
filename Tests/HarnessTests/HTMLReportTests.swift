import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Harness
import SynthCore
@testable import Reports
import SynthTestSupport
import Testing

/// The HTML report (`RunReport`) and its SVG figures (`SVGChartRenderer`) on fabricated runs: sections,
/// escaping of hostile names, determinism, well-formed SVG with geometry that matches the values, the
/// comparison model reused as written, and the PDF through Chromium when it is installed.
@Suite struct HTMLReportTests {
    static let sections = ["summary", "figures", "cells", "comparison", "failures", "environment", "privacy"]

    func report(_ cells: [CellResult]) throws -> (run: URL, html: String) {
        let run = try RunFixture.write(cells)
        return (run, RunReport.html(try RunReport.load(runDirectory: run)))
    }

    /// The `<svg>...</svg>` documents of a page.
    func svgs(_ html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
    }

    func wellFormed(_ xml: String) -> Bool {
        XMLParser(data: Data(xml.utf8)).parse()
    }

    @Test func everySectionVerdictFailureAndFigureOfAMigrationRunIsOnThePage() throws {
        let (run, html) = try report(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        for id in Self.sections { #expect(html.contains("<section id=\"\(id)\""), "section \(id)") }
        // the comparison computed with default tolerances: a verdict per method, the statistics tables
        let comparison = try BackendComparison.compare(try RunCells.load(runDirectory: run))
        for v in comparison.verdicts {
            #expect(html.contains("\(v.method): \(v.outcome.rawValue.replacingOccurrences(of: "_", with: " "))"))
        }
        #expect(html.contains("Holm p (not worse)") && html.contains("Friedman"))
        #expect(html.contains("computed with the default tolerances"))
        // the timed-out cell and the gc fallbacks
        #expect(html.contains("adult__ctgan__synthcity__s2") && html.contains("exceeded the 60 s cell timeout"))
        #expect(html.contains("synthcity has no &#39;gc&#39;; using sdv&#39;s"))
        // one inline SVG per figure the gnuplot writer would get, and no external reference
        let figures = RunFigures(run: try RunCells.load(runDirectory: run)).all + ComparisonFigures(comparison: comparison).all
        #expect(svgs(html).count == figures.count && figures.count >= 5)
        for f in figures { #expect(html.contains("id=\"figure-\(f.name)\"")) }
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url(http"))
    }

    /// The environment section names the build the run's record carries: its commit, uncommitted changes and
    /// configuration; a record written before the build stamp shows no configuration.
    @Test func theEnvironmentSectionNamesTheBuild() throws {
        let run = try RunFixture.write([RunFixture.cell()])
        defer { RunFixture.remove(run) }
        var record = EnvironmentRecord.capture(blasThreads: 1, jobs: 1, build: TestGrid.build)
        for (configuration, shown) in [("debug", "commit 0123456789ab (uncommitted changes), debug build</dd>"),
                                       (nil, "commit 0123456789ab (uncommitted changes)</dd>")] {
            record.buildConfiguration = configuration
            try AtomicFile.write(try SynthJSON.string(record, pretty: true), to: run.appendingPathComponent("environment.json"))
            let html = RunReport.html(try RunReport.load(runDirectory: run))
            #expect(html.contains(shown), "\(configuration ?? "none")")
        }
    }

    @Test func hostileNamesAndErrorsAreEscapedInTablesAndFigures() throws {
        // no '/' in the dataset name: it is part of the cell file's name
        let evil = "<b onmouseover='x'>\"data\" & co"
        var cells = [RunFixture.cell(dataset: evil, method: "gc", seed: 0),
                     RunFixture.cell(dataset: evil, method: "gc", backend: "synthcity", seed: 0),
                     RunFixture.cell(dataset: evil, method: "ctgan", seed: 0, status: .error)]
        cells[2].error = "<script>alert(1)</script>"
        let (run, html) = try report(cells)
        defer { RunFixture.remove(run) }
        #expect(!html.contains("<script>") && !html.contains("<b onmouseover"))
        #expect(html.contains("&lt;b onmouseover=&#39;x&#39;&gt;&quot;data&quot; &amp; co"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // the figures carry the name too, escaped, and stay well-formed
        let figures = svgs(html)
        #expect(!figures.isEmpty)
        #expect(figures.contains { $0.contains("&lt;b onmouseover=") })
        for svg in figures { #expect(wellFormed(svg)) }
    }

    @Test func theSameRunGivesTheSameBytesAndAChangedCellChangesThem() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        let first = RunReport.html(try RunReport.load(runDirectory: run))
        let second = RunReport.html(try RunReport.load(runDirectory: run))
        #expect(first == second)
        var changed = RunFixture.migrationRun()
        changed[0].metrics.suites["sdmetrics"]?["quality_score"] = 0.123456
        let other = try RunFixture.write(changed)
        defer { RunFixture.remove(other) }
        let third = RunReport.html(try RunReport.load(runDirectory: other))
        #expect(third != first && third.contains("0.1235"))
    }

    @Test func everyFigureIsWellFormedSVGAndABrokenOneIsNot() throws {
        let (run, html) = try report(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        let figures = svgs(html)
        for svg in figures { #expect(wellFormed(svg), "\(svg.prefix(200))") }
        // negative control: the parser does reject a broken document (a mismatched end tag, a bare &)
        #expect(!wellFormed(figures[0].replacingOccurrences(of: "</title>", with: "</titel>")))
        #expect(!wellFormed(figures[0].replacingOccurrences(of: "dataset: adult", with: "dataset: a & b")))
    }

    @Test func barHeightsAndPointPositionsFollowTheValues() throws {
        // bars of 1 and 3 from zero: the second is three times as tall, both standing on the same baseline
        let bars = FigureChart(title: "t", panels: [FigureChart.Panel(
            title: "", xLabel: "x", yLabel: "y", categories: ["a", "b"],
            series: [FigureChart.Series(name: "s", color: "#000000", style: .bars,
                                        points: [FigureChart.Point(x: 0, y: 1), FigureChart.Point(x: 1, y: 3)])],
            yFromZero: true)])
        let svg = SVGChartRenderer().render(bars, idPrefix: "t")
        #expect(wellFormed(svg))
        let rects = try attributes(of: "rect", in: svg).filter { $0["fill"] == "#000000" && $0["width"] != "14" }
        #expect(rects.count == 2)
        let h = rects.map { Double($0["height"]!)! }, y = rects.map { Double($0["y"]!)! }
        #expect(abs(h[1] / h[0] - 3) < 0.01)
        #expect(abs((y[0] + h[0]) - (y[1] + h[1])) < 0.11)
        // on a log x axis, 1, 10 and 100 are equally spaced
        let points = FigureChart(title: "t", panels: [FigureChart.Panel(
            title: "", xLabel: "x", yLabel: "y", xScale: .log,
            series: [FigureChart.Series(name: "s", color: "#123456", style: .points,
                                        points: [1, 10, 100].map { FigureChart.Point(x: $0, y: 0.5) })])])
        let xs = try attributes(of: "circle", in: SVGChartRenderer().render(points, idPrefix: "p")).map { Double($0["cx"]!)! }
        #expect(xs.count == 3 && abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.11 && xs[1] > xs[0])
    }

    @Test func theSVGDrawsTheNumbersOfTheGnuplotDataFile() throws {
        // fit_time: each .dat row is `label method dataset` then mean, sd, n per backend; the chart's bar
        // series per backend must hold the same means and error bars at the row's category index
        let run = RunCells(directory: URL(fileURLWithPath: "/fixture"), cells: RunFixture.migrationRun())
        let figure = try #require(RunFigures(run: run).all.first { $0.name == "fit_time" })
        let rows = figure.data.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let panel = try #require(figure.chart.panels.first)
        #expect(panel.categories.count == rows.count && panel.series.map(\.name) == ["sdv", "synthcity"])
        var compared = 0
        for (i, row) in rows.enumerated() {
            let numbers = row.components(separatedBy: "\" ").last!.split(separator: " ").map { Double($0) }
            for (b, series) in panel.series.enumerated() {
                guard let mean = numbers[3 * b], let sd = numbers[3 * b + 1] else { continue }
                let point = try #require(series.points.first { $0.x == Double(i) })
                #expect(abs(point.y - mean) <= 5e-6 * abs(mean) && abs((point.yError ?? 0) - sd) <= 5e-6 * max(sd, 1e-9))
                compared += 1
            }
        }
        #expect(compared == 2 * rows.count)
    }

    @Test func aComparisonWrittenByCompareIsShownAsWrittenNotRecomputed() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        var tolerances = ComparisonTolerances()
        try tolerances.apply(assignment: "quality=0.0375")
        let comparison = try BackendComparison.compare(try RunCells.load(runDirectory: run), tolerances: tolerances)
        _ = try ComparisonWriter.write(comparison, runDirectory: run, renderer: GnuplotRenderer(executable: nil))
        let html = RunReport.html(try RunReport.load(runDirectory: run))
        #expect(html.contains("quality 0.0375") && html.contains("comparison.json, as written by synthbench compare"))
        // a broken comparison.json is an error naming it, not silently replaced
        try "{\"schema_version\": 1}".write(to: run.appendingPathComponent("comparison.json"), atomically: true, encoding: .utf8)
        #expect(throws: ReportError.self) { try RunReport.load(runDirectory: run) }
    }

    @Test func theReferenceComparisonsOfCompareReferenceAreShownPairByPair() throws {
        // sdv against real SDV (fidelity) only: the run has no synthcity cell, so no backend comparison
        var cells: [CellResult] = []
        for backend in ["sdv", "sdv-python"] {
            for seed in UInt64(0)..<3 {
                cells.append(RunFixture.cell(method: "gc", backend: backend, seed: seed, quality: 0.8 + 0.01 * Double(seed)))
            }
        }
        let run = try RunFixture.write(cells)
        defer { RunFixture.remove(run) }
        _ = try ReferenceComparison.compare(try RunCells.load(runDirectory: run)).write(renderer: GnuplotRenderer(executable: nil))
        let input = try RunReport.load(runDirectory: run)
        #expect(input.comparison == nil && input.reference?.pairs.count == 1)
        let html = RunReport.html(input)
        #expect(html.contains("Reference fidelity: sdv vs sdv-python") && html.contains("id=\"verdicts-sdv-vs-sdv-python\""))
        #expect(html.contains("no comparison: the run has no cells on both sdv and synthcity"))
        #expect(html.contains("gc (sdv vs sdv-python): "))
        #expect(html.contains("id=\"figure-reference_sdv_vs_sdv_python_deltas\""))
    }

    @Test func anotherRunsCellsJoinTheComparison() throws {
        let all = RunFixture.migrationRun()
        let sdv = try RunFixture.write(all.filter { $0.backendRequested == "sdv" })
        let synthcity = try RunFixture.write(all.filter { $0.backendRequested == "synthcity" })
        defer { RunFixture.remove(sdv); RunFixture.remove(synthcity) }
        #expect(try RunReport.load(runDirectory: synthcity).comparison == nil)
        let input = try RunReport.load(runDirectory: synthcity, compareWith: sdv)
        #expect(input.comparison?.verdicts.count == 5 && input.cells.cells.count == all.count && input.runs.count == 2)
        // the same run twice claims every cell twice
        #expect(throws: ReportError.self) { try RunReport.load(runDirectory: sdv, compareWith: sdv) }
    }

    @Test func withoutChromiumThePDFErrorSaysHowToInstallItAndTheHTMLStays() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        let none = ChromiumPrinter.fromEnvironment(["SYNTHBENCH_CHROMIUM": "none"])
        #expect(throws: ReportError.self) { try RunReport.write(runDirectory: run, pdf: true, printer: none) }
        do { _ = try RunReport.write(runDirectory: run, pdf: true, printer: none) } catch {
            #expect(error.description.contains("apt-get install chromium"))
        }
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("report.html").path))
    }

    /// Audit 15b: the printed PDF is flushed and renamed over the old one (it was: remove the old PDF, then
    /// move the new one in, so a failed move left none). A stand-in Chromium writes the PDF; the rename fails
    /// through the ``FileWriter`` seam.
    @Test func aFailedPublishOfThePDFKeepsTheOldOneAndNoTemporary() throws {
        let scratch = try SynthBenchBinary.temporaryDirectory("pdf-publish")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fake = scratch.appendingPathComponent("fake-chromium")
        try Data(("#!/bin/sh\n" + #"for a in "$@"; do case "$a" in --print-to-pdf=*) printf '%%PDF-1.4 new\n' > "${a#--print-to-pdf=}";; esac; done"#).utf8)
            .write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let html = scratch.appendingPathComponent("report.html"), pdf = scratch.appendingPathComponent("report.pdf")
        try Data("<html></html>".utf8).write(to: html)
        try Data("%PDF-1.4 old\n".utf8).write(to: pdf)
        let writer = FaultyFileWriter()
        writer.fail(.rename, code: EIO) { $0 == pdf.path }
        let printer = ChromiumPrinter(executable: fake, fileWriter: writer)
        do {
            try printer.printPDF(html: html, to: pdf)
            Issue.record("the injected rename failure was not reported")
        } catch {
            #expect(error.description.contains(pdf.path) && error.description.contains("(EIO)"), "\(error)")
        }
        func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() }
        #expect(try String(contentsOf: pdf, encoding: .utf8) == "%PDF-1.4 old\n")
        #expect(try names() == ["fake-chromium", "report.html", "report.pdf"])
        // Negative control: without the fault the new PDF replaces the old one, and no temporary is left.
        writer.heal()
        try printer.printPDF(html: html, to: pdf)
        #expect(try String(contentsOf: pdf, encoding: .utf8) == "%PDF-1.4 new\n")
        #expect(try names() == ["fake-chromium", "report.html", "report.pdf"])
    }

    /// A Chromium that fails on a full disk says only its status; a probe write beside the PDF then names the
    /// storage error, which keeps its code through the report's error, so a worker stops on it as on any full disk.
    /// Negative control: the same failing Chromium on a healthy disk is a plain Chromium failure, no storage error.
    @Test func aChromiumFailureOnAFullDiskIsAStorageFailure() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        let fake = run.appendingPathComponent("failing-chromium")
        try Data("#!/bin/sh\necho 'ERROR: Failed to write PDF' >&2\nexit 1\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let writer = FaultyFileWriter()
        writer.fail(.write, code: ENOSPC) { $0.contains(".synthbench-probe-") }
        let full = ChromiumPrinter(executable: fake, fileWriter: writer)
        do {
            _ = try RunReport.write(runDirectory: run, pdf: true, printer: full)
            Issue.record("a failing Chromium printed a PDF")
        } catch {
            #expect(error.outputError?.isStorageFailure == true, "\(error)")
            #expect(error.description.contains("Failed to write PDF") && error.description.contains("(ENOSPC)"), "\(error)")
        }
        writer.heal()
        do {
            _ = try RunReport.write(runDirectory: run, pdf: true, printer: full)
            Issue.record("a failing Chromium printed a PDF")
        } catch {
            #expect(error.outputError == nil, "\(error)")
            #expect(error.description.contains("Chromium exited with status 1: ERROR: Failed to write PDF"), "\(error)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: run.path).filter { $0.contains("probe") }
        #expect(left.isEmpty, "\(left)")
    }

    static let chromium = ChromiumPrinter.fromEnvironment()

    @Test(.enabled(if: chromium.executable != nil, "Chromium is not installed (apt-get install chromium): the PDF path is not tested"))
    func thePDFIsTheSamePagePrintedByChromium() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(run) }
        let output = try RunReport.write(runDirectory: run, pdf: true, printer: Self.chromium)
        let pdf = try Data(contentsOf: try #require(output.pdf))
        #expect(pdf.prefix(5) == Data("%PDF-".utf8))
        // the print CSS starts each major section on a new page: at least one page per section
        let text = String(decoding: pdf, as: Unicode.ASCII.self)
        let pages = try NSRegularExpression(pattern: "/Type\\s*/Page(?!s)").numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        #expect(pages >= Self.sections.count - 1, "\(pages) pages")
    }

    @Test func theCommandWritesTheReportAndFailsClearlyOnABadDirectoryOrMissingChromium() throws {
        let run = try RunFixture.write(RunFixture.migrationRun())
        let scratch = try SynthBenchBinary.temporaryDirectory("report-command")
        defer { RunFixture.remove(run); try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("r.html")
        let ok = try SynthBenchBinary.run(["report", run.path, "--out", out.path], in: scratch)
        #expect(ok.status == 0, "\(ok.stderr)")
        let page = try String(contentsOf: out, encoding: .utf8)
        #expect(ok.stdout.contains("wrote \(out.path)") && page.contains("<section id=\"privacy\""))
        let missing = try SynthBenchBinary.run(["report", run.path, "--pdf"], in: scratch, environment: ["SYNTHBENCH_CHROMIUM": "none"])
        #expect(missing.status != 0 && missing.stderr.contains("apt-get install chromium"), "\(missing.stderr)")
        let typo = try SynthBenchBinary.run(["report", scratch.appendingPathComponent("nope").path], in: scratch)
        #expect(typo.status != 0 && typo.stderr.contains("is not a run directory"), "\(typo.stderr)")
    }

    /// The attributes of every `element` in an XML document.
    func attributes(of element: String, in xml: String) throws -> [[String: String]] {
        final class Collector: NSObject, XMLParserDelegate {
            let name: String
            var found: [[String: String]] = []
            init(_ name: String) { self.name = name }
            func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
                if elementName == name { found.append(attributeDict) }
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector(element)
        parser.delegate = collector
        try #require(parser.parse())
        return collector.found
    }
}
