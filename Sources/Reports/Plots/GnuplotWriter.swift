import Foundation
import SynthCore
import Harness

/// Writes figures into a plots directory and renders them when gnuplot is available.
package struct GnuplotWriter: Sendable {
    package let directory: URL
    package let renderer: GnuplotRenderer

    package init(directory: URL, renderer: GnuplotRenderer = .fromEnvironment()) {
        self.directory = directory
        self.renderer = renderer
    }

    /// Writes each figure's `.dat` and `.gp` (atomically), removes this writer's earlier figures that are
    /// no longer produced (names starting with one of `ownedPrefixes`), then renders. A missing gnuplot or
    /// a failed rendering is reported, never thrown: the data and scripts are what matters.
    package func write(_ figures: [GnuplotFigure], ownedPrefixes: [String], notes: [String] = []) throws(ReportError) -> PlotReport {
        var report = PlotReport(directory: directory.path, notes: notes)
        do {
            for f in figures {
                let dat = directory.appendingPathComponent("\(f.name).dat")
                let gp = directory.appendingPathComponent("\(f.name).gp")
                try AtomicFile.write(f.data, to: dat)
                try AtomicFile.write(f.script, to: gp)
                report.figures.append(f.name)
                report.files += [dat.path, gp.path]
            }
        } catch {
            throw .writeFailed(path: directory.path, reason: String(describing: error), code: (error as? OutputError)?.code)
        }
        removeStale(keeping: Set(figures.map(\.name)), ownedPrefixes: ownedPrefixes)
        guard !figures.isEmpty else { return report }
        guard let gnuplot = renderer.executable else {
            report.notes.append("not rendered: \(renderer.unavailableReason); wrote .dat and .gp files only (install gnuplot, e.g. scripts/setup.sh, then run `synthbench plot RUN_DIR`, or `gnuplot <figure>.gp` in \(directory.path))")
            return report
        }
        report.gnuplot = gnuplot.path
        for f in figures {
            do {
                report.files += try renderer.render(figure: f.name, in: directory).map(\.path)
            } catch {
                report.renderFailures[f.name] = error.description
            }
        }
        report.rendered = report.renderFailures.isEmpty
        return report
    }

    private func removeStale(keeping names: Set<String>, ownedPrefixes: [String]) {
        let fm = FileManager.default
        guard let files = try? fm.contentsOfDirectory(atPath: directory.path) else { return }
        for file in files {
            let url = directory.appendingPathComponent(file)
            guard ["dat", "gp", "png", "svg"].contains(url.pathExtension) else { continue }
            let stem = url.deletingPathExtension().lastPathComponent
            if ownedPrefixes.contains(where: { stem.hasPrefix($0) }) && !names.contains(stem) {
                try? fm.removeItem(at: url)
            }
        }
    }
}
