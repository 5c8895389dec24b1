import Foundation
import Harness

/// The figures of one run (issue 4, item 5), built from its finished cells:
/// - `quality_vs_time`: quality vs total time per cell (log x) per method and backend, one panel per
///   dataset, with the Pareto front (quality up, time down) as a step line;
/// - `fit_time`, `peak_memory`: fit seconds and peak resident MB per method x dataset, clustered by backend;
/// - `metric_<name>`: each headline metric present per method x dataset, backends side by side.
/// Bars and points are means over seeds with ± one sample sd as error bars.
struct RunFigures {
    let run: RunCells
    let groups: [SeedGroup]
    let backends: [String]
    let quality: QualityMeasure

    init(run: RunCells) {
        self.run = run
        groups = SeedGroup.groups(run.cells)
        backends = BackendOrder.sorted(groups.map(\.backend))
        quality = run.quality
    }

    static let ownedPrefixes = ["quality_vs_time", "fit_time", "peak_memory", "metric_", EpsilonFigure.name]

    var all: [GnuplotFigure] {
        var out: [GnuplotFigure] = []
        if let f = qualityVsTime() { out.append(f) }
        if let f = histogram(name: "fit_time", title: "Fit time per method and dataset",
                             ylabel: "fit time (s)", value: { $0.timingsS.fit }, logWhenWide: true) { out.append(f) }
        if let f = histogram(name: "peak_memory", title: "Peak memory per method and dataset",
                             ylabel: "peak resident memory (MB)", value: { $0.peakRSSMB }, logWhenWide: true) { out.append(f) }
        for m in HeadlineMetric.all {
            if let f = histogram(name: "metric_\(m.name)", title: "\(m.name) per method and dataset",
                                 ylabel: m.label(quality), value: { m.path.value(in: $0, quality: quality) },
                                 logWhenWide: false) { out.append(f) }
        }
        if let f = EpsilonFigure(run: run, quality: quality).make() { out.append(f) }
        return out
    }

    /// The comment lines every data file starts with: what it holds, the failed cells left out, fallbacks.
    func preamble(_ title: String, into data: inout GnuplotData) {
        data.comment("\(title)")
        data.comment("Run: \(run.directory.path)")
        data.comment("Only finished (status ok) cells are plotted; values are the mean and sample sd over seeds.")
        let failed = run.failed
        if failed.isEmpty {
            data.comment("Failed cells: none.")
        } else {
            data.comment("Failed cells (not plotted):")
            for c in failed {
                data.comment("  \(c.cellID): \(c.dataset) \(c.method) \(c.backendRequested) seed \(c.seed): \(c.status.rawValue) in phase \(c.phase)\(c.error.map { ": \($0)" } ?? "")")
            }
        }
        let fallbacks = run.cells.filter { $0.backend != nil && $0.backend != $0.backendRequested }
        if !fallbacks.isEmpty {
            data.comment("Fallbacks (plotted under the requested backend, marked * in labels):")
            for c in fallbacks {
                data.comment("  \(c.cellID): \(c.backendRequested) -> \(c.backend ?? "?")\(c.fallbackReason.map { ": \($0)" } ?? "")")
            }
        }
    }

    // MARK: quality vs time

    func qualityVsTime() -> GnuplotFigure? {
        let name = "quality_vs_time"
        let title = "Quality vs total time per method and backend"
        struct Point { let group: SeedGroup; let time: SampleSummary; let quality: SampleSummary }
        let points = groups.compactMap { g -> Point? in
            guard let t = g.summary({ $0.timingsS.total.flatMap { $0 > 0 ? $0 : nil } }),
                  let q = g.summary(quality.value) else { return nil }
            return Point(group: g, time: t, quality: q)
        }
        guard !points.isEmpty else { return nil }
        var data = GnuplotData()
        preamble(title, into: &data)
        data.comment("quality: \(quality.label); time: timings_s.total in seconds.")
        data.comment("Columns: method dataset backend time_mean_s time_sd_s quality_mean quality_sd n")
        data.comment("Pareto blocks hold the front's points ordered by time (no other point has strictly higher quality and strictly lower time).")
        let datasets = Array(Set(points.map(\.group.dataset))).sorted()
        let fallbackNote = groups.contains(where: \.hasFallback) ? " (* = fell back to another backend)" : ""
        let figureTitle = "\(title), mean ± sd over seeds\(fallbackNote)"
        var panels: [String] = []
        var chartPanels: [FigureChart.Panel] = []
        for dataset in datasets {
            let here = points.filter { $0.group.dataset == dataset }
            var plots: [String] = []
            var series: [FigureChart.Series] = []
            for (b, backend) in backends.enumerated() {
                let mine = here.filter { $0.group.backend == backend }
                guard !mine.isEmpty else { continue }
                let index = data.block("dataset \"\(dataset)\" backend \"\(backend)\"")
                series.append(FigureChart.Series(name: backend, color: GnuplotScript.color(backend: backend, among: backends), style: .points,
                                                 points: mine.map { p in
                    FigureChart.Point(x: p.time.mean, y: p.quality.mean, xError: p.time.errorBar, yError: p.quality.errorBar,
                                      label: p.group.methodLabel + (p.group.hasFallback ? " *" : ""))
                }))
                for p in mine {
                    data.row([.text(p.group.methodLabel + (p.group.hasFallback ? " *" : "")), .text(dataset), .text(backend),
                              .number(p.time.mean), .number(p.time.errorBar), .number(p.quality.mean),
                              .number(p.quality.errorBar), .number(Double(p.time.n))])
                }
                let color = GnuplotScript.color(backend: backend, among: backends)
                plots.append("'\(name).dat' index \(index) using 4:6:5:7 with xyerrorbars pt 7 ps 1.4 lw 1.2 lc rgb \"\(color)\" title \(GnuplotScript.string(backend))")
                plots.append("'' index \(index) using 4:6:1 with labels left offset char 0.8,\(b % 2 == 0 ? "0.7" : "-0.7") font \",9\" tc rgb \"\(color)\" notitle")
            }
            let front = ParetoFront.steps(here.map { (quality: $0.quality.mean, time: $0.time.mean) })
            let index = data.block("pareto dataset \"\(dataset)\"")
            for f in front {
                let p = here.first { $0.quality.mean == f.quality && $0.time.mean == f.time }!
                data.row([.text(p.group.methodLabel), .text(dataset), .text(p.group.backend), .number(f.time), .number(0),
                          .number(f.quality), .number(0), .number(Double(p.time.n))])
            }
            plots.append("'' index \(index) using 4:6 with steps dt 2 lw 2 lc rgb \"#444444\" title \"Pareto front\"")
            plots.append("'' index \(index) using 4:6 with points pt 6 ps 2.4 lw 1.5 lc rgb \"#444444\" notitle")
            series.append(FigureChart.Series(name: "Pareto front", color: "#444444", style: .steps,
                                             points: front.map { FigureChart.Point(x: $0.time, y: $0.quality) }))
            chartPanels.append(FigureChart.Panel(title: "dataset: \(dataset)", xLabel: "total time per cell (s, log scale)",
                                                 yLabel: quality.label, xScale: .log, series: series))
            panels.append("""
            # panel: dataset \(GnuplotScript.string(dataset))
            set title \(GnuplotScript.string((datasets.count == 1 ? figureTitle + "\n" : "") + "dataset: \(dataset)"))
            plot \(plots.joined(separator: ", \\\n     "))
            """)
        }
        let columns = min(3, datasets.count), rows = (datasets.count + columns - 1) / columns
        var body = """
        set logscale x 10
        set xlabel "total time per cell (s, log scale)"
        set ylabel \(GnuplotScript.string(quality.label))
        set grid xtics ytics
        set key bottom right box opaque
        set offsets graph 0.05, graph 0.25, graph 0.08, graph 0.08
        set mxtics 10

        """
        if datasets.count > 1 {
            body += "set multiplot layout \(rows),\(columns) title \(GnuplotScript.string(figureTitle)) font \",13\"\n"
            body += panels.joined(separator: "\n") + "\nunset multiplot"
        } else {
            body += panels[0]
        }
        let script = GnuplotScript.script(name: name, title: title, width: 760 * columns, height: 560 * rows, body: body)
        return GnuplotFigure(name: name, title: title, data: data.text, script: script,
                             chart: FigureChart(title: figureTitle, panels: chartPanels))
    }

    // MARK: clustered histograms

    /// Bars of `value` per method x dataset (rows), one cluster member per backend, with ± sd error bars.
    /// nil when no finished cell has a value. Log y when the positive values span more than 100x.
    func histogram(name: String, title: String, ylabel: String, value: (CellResult) -> Double?,
                   logWhenWide: Bool) -> GnuplotFigure? {
        struct Row { let label: String; let method: String; let dataset: String; var byBackend: [String: SampleSummary] }
        var rows: [Row] = []
        for g in groups {
            let label = "\(g.methodLabel) / \(g.dataset)"
            if rows.last?.label != label {
                rows.append(Row(label: label, method: g.methodLabel, dataset: g.dataset, byBackend: [:]))
            }
            if let s = g.summary(value) { rows[rows.count - 1].byBackend[g.backend] = s }
        }
        rows = rows.filter { !$0.byBackend.isEmpty }
        guard !rows.isEmpty else { return nil }
        let flagged = Set(groups.filter(\.hasFallback).map { "\($0.methodLabel) / \($0.dataset)" })
        var data = GnuplotData()
        preamble("\(title): \(ylabel)", into: &data)
        data.comment("Columns: label method dataset " + backends.map { "\($0)_mean \($0)_sd \($0)_n" }.joined(separator: " "))
        data.comment("sd is 0 where a backend has a single seed; NaN marks a backend with no finished cell for the row.")
        for r in rows {
            var fields: [GnuplotData.Field] = [.text(r.label + (flagged.contains(r.label) ? " *" : "")), .text(r.method), .text(r.dataset)]
            for b in backends {
                let s = r.byBackend[b]
                fields += [.number(s?.mean), .number(s.map(\.errorBar)), .number(s.map { Double($0.n) })]
            }
            data.row(fields)
        }
        let values = rows.flatMap { $0.byBackend.values.map(\.mean) }.filter { $0 > 0 }
        let wide = logWhenWide && (values.min().map { (values.max() ?? 0) / $0 > 100 } ?? false)
        let plots = backends.enumerated().map { i, b in
            let mean = 4 + 3 * i
            return "\(i == 0 ? "'\(name).dat'" : "''") using \(mean):\(mean + 1)\(i == 0 ? ":xtic(1)" : "") title \(GnuplotScript.string(b)) lc rgb \"\(GnuplotScript.color(backend: b, among: backends))\""
        }
        let note = flagged.isEmpty ? "" : " (* = a cell fell back to another backend)"
        let labels = rows.map { $0.label + (flagged.contains($0.label) ? " *" : "") }
        let series = backends.map { b in
            FigureChart.Series(name: b, color: GnuplotScript.color(backend: b, among: backends), style: .bars,
                               points: rows.enumerated().compactMap { i, r in
                r.byBackend[b].map { FigureChart.Point(x: Double(i), y: $0.mean, yError: $0.errorBar) }
            })
        }
        let chart = FigureChart(title: "\(title), mean ± sd over seeds\(note)", panels: [
            FigureChart.Panel(title: "", xLabel: "method / dataset", yLabel: ylabel + (wide ? ", log scale" : ""),
                              yScale: wide ? .log : .linear, categories: labels, series: series, yFromZero: !wide)])
        let body = """
        set title \(GnuplotScript.string("\(title), mean ± sd over seeds\(note)"))
        set style data histogram
        set style histogram errorbars gap 2 lw 1
        set style fill solid 0.85 border -1
        set boxwidth 0.9
        set grid ytics
        set key outside right top title "backend (requested)" box width 2
        \(GnuplotScript.xticSettings(labels: rows.map(\.label)))
        set xlabel "method / dataset"
        set ylabel \(GnuplotScript.string(ylabel + (wide ? ", log scale" : "")))
        \(wide ? "set logscale y" : "set yrange [0:*]")
        plot \(plots.joined(separator: ", \\\n     "))
        """
        let script = GnuplotScript.script(name: name, title: title, width: GnuplotScript.histogramWidth(slots: rows.count * backends.count),
                                          height: 620, body: body)
        return GnuplotFigure(name: name, title: title, data: data.text, script: script, chart: chart)
    }
}
