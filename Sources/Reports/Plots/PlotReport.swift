/// What a plot writer did: the files it wrote, whether gnuplot rendered them, and why not if it did not.
package struct PlotReport: Codable, Sendable, Equatable {
    /// The plots directory.
    package var directory: String
    /// The figure names (file stems), in the order written.
    package var figures: [String]
    /// Every file written (`.dat`, `.gp`, and the rendered `.png`/`.svg`), as paths.
    package var files: [String]
    /// The gnuplot executable used, nil when none was found (or rendering was switched off).
    package var gnuplot: String?
    /// True when gnuplot rendered every figure to PNG and SVG.
    package var rendered: Bool
    /// Figure name -> why rendering it failed.
    package var renderFailures: [String: String]
    /// Human-readable remarks: gnuplot missing, figures skipped for lack of data.
    package var notes: [String]

    package init(directory: String, figures: [String] = [], files: [String] = [], gnuplot: String? = nil,
                rendered: Bool = false, renderFailures: [String: String] = [:], notes: [String] = []) {
        self.directory = directory; self.figures = figures; self.files = files; self.gnuplot = gnuplot
        self.rendered = rendered; self.renderFailures = renderFailures; self.notes = notes
    }

    /// A few lines for a terminal.
    package var summary: String {
        var lines = [figures.isEmpty ? "wrote no figure to \(directory)"
                     : "wrote \(figures.count) figure(s) to \(directory): \(figures.joined(separator: ", "))"]
        if rendered {
            lines.append("rendered PNG and SVG with \(gnuplot ?? "gnuplot")")
        }
        for (name, why) in renderFailures.sorted(by: { $0.key < $1.key }) { lines.append("rendering \(name) failed: \(why)") }
        lines += notes
        return lines.joined(separator: "\n")
    }
}
