import Foundation
import Harness
import Synthesizers

/// `epsilon_sweep`: quality and membership-inference AUC against the requested privacy budget ε (log x),
/// one line per DP method with ± one sample sd over seeds, and each non-private method of the same run as
/// a dashed horizontal line (its mean) for reference; one row of two panels per dataset. Built only for
/// runs with at least one finished DP cell (a grid with `dp`). The data file also lists each point's mean
/// spent ε (`privacy.dp_epsilon`, the accountant's figure), which can fall short of the request.
struct EpsilonFigure {
    static let name = "epsilon_sweep"
    let run: RunCells
    let quality: QualityMeasure

    /// The requested ε of a DP cell (its `epsilon` parameter, set by the grid's `dp` entry).
    static func epsilon(_ cell: CellResult) -> Double? {
        guard cell.dpRequested else { return nil }
        switch cell.params["epsilon"] {
        case .double(let e): return e
        case .int(let e): return Double(e)
        default: return nil
        }
    }

    struct Panel {
        let label: String
        let value: (CellResult) -> Double?
    }

    var panels: [Panel] {
        [Panel(label: quality.label, value: quality.value),
         Panel(label: "membership-inference AUC (privacy.mia_auc; 0.5 = no leak)", value: { $0.metrics.privacy?.miaAUC })]
    }

    func make() -> GnuplotFigure? {
        let finished = run.finished
        let dpCells = finished.filter { Self.epsilon($0) != nil }
        guard !dpCells.isEmpty else { return nil }
        let title = "Quality and membership inference against epsilon"
        var data = GnuplotData()
        data.comment(title)
        data.comment("Run: \(run.directory.path)")
        data.comment("Only finished (status ok) cells; values are the mean and sample sd over seeds. Failed cells: \(run.failed.count).")
        data.comment("DP blocks, columns: method dataset backend epsilon_requested value_mean value_sd n epsilon_spent_mean")
        data.comment("Non-private blocks, columns: method dataset backend value_mean value_sd n (drawn as a dashed line).")
        let datasets = Array(Set(dpCells.map(\.dataset))).sorted()
        var plotsPerPanel: [String] = []
        var chartPanels: [FigureChart.Panel] = []
        for dataset in datasets {
            for panel in panels {
                var plots: [String] = []
                var series: [FigureChart.Series] = []
                var rules: [FigureChart.Rule] = []
                let here = finished.filter { $0.dataset == dataset }
                let dpMethods = Array(Set(here.filter { Self.epsilon($0) != nil }.map { $0.method + "|" + $0.backendRequested })).sorted()
                for (i, key) in dpMethods.enumerated() {
                    let parts = key.split(separator: "|").map(String.init)
                    let cells = here.filter { $0.method == parts[0] && $0.backendRequested == parts[1] && Self.epsilon($0) != nil }
                    let byEpsilon = Dictionary(grouping: cells) { Self.epsilon($0)! }
                    let index = data.block("dp method \"\(parts[0])\" dataset \"\(dataset)\" backend \"\(parts[1])\" \(panel.label)")
                    let color = Self.palette[i % Self.palette.count]
                    series.append(FigureChart.Series(name: parts[0], color: color, style: .linePoints, points: []))
                    for e in byEpsilon.keys.sorted() {
                        guard let s = SampleSummary(byEpsilon[e]!.compactMap(panel.value)) else { continue }
                        series[series.count - 1].points.append(FigureChart.Point(x: e, y: s.mean, yError: s.errorBar))
                        let spent = SampleSummary(byEpsilon[e]!.compactMap { $0.metrics.privacy?.dpEpsilon })
                        data.row([.text(parts[0]), .text(dataset), .text(parts[1]), .number(e), .number(s.mean),
                                  .number(s.errorBar), .number(Double(s.n)), .number(spent?.mean)])
                    }
                    plots.append("'\(Self.name).dat' index \(index) using 4:5:6 with yerrorlines pt 7 ps 1.2 lw 1.5 lc rgb \"\(color)\" title \(GnuplotScript.string(parts[0]))")
                }
                let plain = here.filter { !$0.dpRequested }
                let plainMethods = Array(Set(plain.map { $0.method + "|" + $0.backendRequested })).sorted()
                for (i, key) in plainMethods.enumerated() {
                    let parts = key.split(separator: "|").map(String.init)
                    guard let s = SampleSummary(plain.filter { $0.method == parts[0] && $0.backendRequested == parts[1] }
                        .compactMap(panel.value)) else { continue }
                    _ = data.block("non-private method \"\(parts[0])\" dataset \"\(dataset)\" backend \"\(parts[1])\" \(panel.label)")
                    data.row([.text(parts[0]), .text(dataset), .text(parts[1]), .number(s.mean), .number(s.errorBar),
                              .number(Double(s.n))])
                    let color = Self.palette[(dpMethods.count + i) % Self.palette.count]
                    plots.append("\(GnuplotData.number(s.mean)) with lines dt 2 lw 1.5 lc rgb \"\(color)\" title \(GnuplotScript.string(parts[0] + " (non-private)"))")
                    rules.append(FigureChart.Rule(y: s.mean, color: color, dashed: true, name: parts[0] + " (non-private)"))
                }
                chartPanels.append(FigureChart.Panel(title: "dataset: \(dataset)",
                                                     xLabel: "epsilon requested (log scale; delta as the grid's dp entry)",
                                                     yLabel: panel.label, xScale: .log, series: series, rules: rules))
                plotsPerPanel.append("""
                # panel: dataset \(GnuplotScript.string(dataset)), \(GnuplotScript.string(panel.label))
                set title \(GnuplotScript.string("dataset: \(dataset)"))
                set ylabel \(GnuplotScript.string(panel.label))
                plot \(plots.joined(separator: ", \\\n     "))
                """)
            }
        }
        let body = """
        set logscale x 10
        set xlabel "epsilon requested (log scale; delta as the grid's dp entry)"
        set grid xtics ytics
        set key bottom right box opaque
        set offsets graph 0.05, graph 0.05, graph 0.08, graph 0.08
        set multiplot layout \(datasets.count),2 title \(GnuplotScript.string(title + ", mean ± sd over seeds")) font ",13"
        \(plotsPerPanel.joined(separator: "\n"))
        unset multiplot
        """
        let script = GnuplotScript.script(name: Self.name, title: title, width: 1400, height: 560 * datasets.count, body: body)
        return GnuplotFigure(name: Self.name, title: title, data: data.text, script: script,
                             chart: FigureChart(title: title + ", mean ± sd over seeds", panels: chartPanels))
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]
}
