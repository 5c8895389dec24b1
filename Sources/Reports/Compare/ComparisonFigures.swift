/// The comparison's figures (`plots/compare_*`):
/// - `compare_deltas`: one panel per headline metric, the mean delta (candidate − baseline) per method x
///   dataset with ± sd error bars, a zero line and a dashed line at the tolerance in the harmful direction;
/// - `compare_ratios`: total time, fit time and peak memory ratios (candidate / baseline, log scale) per
///   method x dataset with a line at 1;
/// - `compare_cd`: the critical-difference diagram of the Friedman ranking (average ranks on one axis,
///   bars joining methods closer than the Nemenyi critical difference).
struct ComparisonFigures {
    let comparison: BackendComparison
    /// The figures' name prefix (`compare_`; the reference comparisons write several sets side by side).
    var prefix = "compare_"

    static let ownedPrefixes = ["compare_"]

    var all: [GnuplotFigure] { [deltas(), ratios(), criticalDifference()].compactMap { $0 } }

    func preamble(_ title: String, into data: inout GnuplotData) {
        let c = comparison
        data.comment(title)
        data.comment("Run: \(c.runDirectory); candidate \(c.candidate), baseline \(c.baseline); quality: \(c.qualityLabel)")
        data.comment("Pairs: same dataset, method, seed and parameters; only pairs where both cells finished enter the numbers.")
        let failures = c.groups.flatMap { g in g.failures.map { "  \(g.methodLabel) / \(g.dataset) seed \($0.seed): \($0.side) failed (baseline \($0.baselineStatus.rawValue), candidate \($0.candidateStatus.rawValue)) \($0.cellID)" } }
        data.comment(failures.isEmpty ? "Failed pairs: none." : "Failed pairs (not plotted):\n" + failures.joined(separator: "\n"))
        let fallbacks = c.groups.flatMap { g in g.fallbacks.map { "  \($0.cellID): \($0.requested) -> \($0.used)\($0.reason.map { ": \($0)" } ?? "")" } }
        if !fallbacks.isEmpty { data.comment("Fallbacks:\n" + fallbacks.joined(separator: "\n")) }
    }

    func deltas() -> GnuplotFigure? {
        let name = prefix + "deltas"
        let c = comparison
        let title = "Metric deltas, \(c.candidate) − \(c.baseline)"
        let rows = c.groups.filter { $0.pairsCompared > 0 }
        let present = HeadlineMetric.all.indices.filter { i in rows.contains { $0.metrics[i].delta != nil } }
        guard !present.isEmpty else { return nil }
        var data = GnuplotData()
        preamble(title, into: &data)
        data.comment("Columns: label method dataset " + present.map { "\(HeadlineMetric.all[$0].name)_mean \(HeadlineMetric.all[$0].name)_sd \(HeadlineMetric.all[$0].name)_n" }.joined(separator: " "))
        for g in rows {
            var fields: [GnuplotData.Field] = [.text("\(g.methodLabel) / \(g.dataset)"), .text(g.methodLabel), .text(g.dataset)]
            for i in present {
                let d = g.metrics[i].delta
                fields += [.number(d?.mean), .number(d.map(\.errorBar)), .number(d.map { Double($0.n) })]
            }
            data.row(fields)
        }
        let columns = min(3, present.count), panelRows = (present.count + columns - 1) / columns
        let color = GnuplotScript.color(backend: c.candidate, among: [c.baseline, c.candidate])
        var body = """
        set style data histogram
        set style histogram errorbars gap 1 lw 1
        set style fill solid 0.85 border -1
        set boxwidth 0.8
        set grid ytics
        set xzeroaxis lt -1 lw 1
        \(GnuplotScript.xticSettings(labels: rows.map { "\($0.methodLabel) / \($0.dataset)" }))
        unset key
        set multiplot layout \(panelRows),\(columns) title \(GnuplotScript.string("\(title), mean ± sd over seeds; dashed: tolerance in the harmful direction")) font ",13"

        """
        let labels = rows.map { "\($0.methodLabel) / \($0.dataset)" }
        var chartPanels: [FigureChart.Panel] = []
        for (k, i) in present.enumerated() {
            let m = HeadlineMetric.all[i]
            let tol = c.tolerances[m.name] ?? m.defaultTolerance
            let limit = m.path.direction == .maximize ? -tol : tol
            let column = 4 + 3 * k
            // Always show zero and the tolerance line, whatever the deltas' own span.
            var ends: [Double] = [0, limit]
            for d in rows.compactMap({ $0.metrics[i].delta }) { ends += [d.mean - d.errorBar, d.mean + d.errorBar] }
            let lo = ends.min()!, hi = ends.max()!, pad = Swift.max(hi - lo, 1e-6) * 0.12
            let points = rows.enumerated().compactMap { j, g in
                g.metrics[i].delta.map { FigureChart.Point(x: Double(j), y: $0.mean, yError: $0.errorBar) }
            }
            chartPanels.append(FigureChart.Panel(
                title: "\(m.name) (\(m.path.direction == .maximize ? "higher" : "lower") is better; tolerance \(GnuplotData.number(tol)))",
                xLabel: "", yLabel: "delta \(m.name) (\(c.candidate) - \(c.baseline))", categories: labels,
                series: [FigureChart.Series(name: "mean delta", color: color, style: .bars, points: points)],
                rules: [FigureChart.Rule(y: 0, color: "#000000", dashed: false),
                        FigureChart.Rule(y: limit, color: "#d62728", dashed: true, name: "tolerance (harmful direction)")],
                yFromZero: true))
            body += """
            # panel: \(m.name)
            set title \(GnuplotScript.string("\(m.name) (\(m.path.direction == .maximize ? "higher" : "lower") is better; tolerance \(GnuplotData.number(tol)))"))
            set ylabel \(GnuplotScript.string("delta \(m.name) (\(c.candidate) - \(c.baseline))"))
            set yrange [\(GnuplotData.number(lo - pad)):\(GnuplotData.number(hi + pad))]
            unset arrow
            set arrow from graph 0, first \(GnuplotData.number(limit)) to graph 1, first \(GnuplotData.number(limit)) nohead dt 2 lw 2 lc rgb "#d62728"
            plot '\(name).dat' using \(column):\(column + 1):xtic(1) lc rgb "\(color)" title "mean delta"

            """
        }
        body += "unset multiplot"
        let width = max(GnuplotScript.histogramWidth(slots: rows.count), 520 * columns)
        return GnuplotFigure(name: name, title: title, data: data.text,
                             script: GnuplotScript.script(name: name, title: title, width: width, height: 520 * panelRows, body: body),
                             chart: FigureChart(title: "\(title), mean ± sd over seeds; dashed: tolerance in the harmful direction",
                                                panels: chartPanels))
    }

    func ratios() -> GnuplotFigure? {
        let name = prefix + "ratios"
        let c = comparison
        let title = "Time and memory ratios, \(c.candidate) / \(c.baseline)"
        let rows = c.groups.filter { [$0.timeRatio, $0.fitTimeRatio, $0.memoryRatio].contains { $0 != nil } }
        guard !rows.isEmpty else { return nil }
        var data = GnuplotData()
        preamble(title, into: &data)
        data.comment("Columns: label method dataset total_time_ratio fit_time_ratio peak_memory_ratio pairs (geometric means over seeds)")
        for g in rows {
            data.row([.text("\(g.methodLabel) / \(g.dataset)"), .text(g.methodLabel), .text(g.dataset),
                      .number(g.timeRatio), .number(g.fitTimeRatio), .number(g.memoryRatio), .number(Double(g.pairsCompared))])
        }
        var ratios: [Double] = [1]
        for g in rows { ratios += [g.timeRatio, g.fitTimeRatio, g.memoryRatio].compactMap { $0 } }
        // Log scale only when the ratios span more than 10x; otherwise linear from 0, which labels better.
        let log = ratios.max()! / ratios.min()! > 10
        let kinds: [(String, String, (BackendComparison.Group) -> Double?)] = [
            ("total time", "#1f77b4", { $0.timeRatio }), ("fit time", "#17becf", { $0.fitTimeRatio }),
            ("peak memory", "#9467bd", { $0.memoryRatio })]
        let chart = FigureChart(title: "\(title) (geometric mean over seeds; below 1 = candidate cheaper)", panels: [
            FigureChart.Panel(title: "", xLabel: "method / dataset", yLabel: "ratio candidate / baseline\(log ? " (log scale)" : "")",
                              yScale: log ? .log : .linear, categories: rows.map { "\($0.methodLabel) / \($0.dataset)" },
                              series: kinds.map { name, color, value in
                FigureChart.Series(name: name, color: color, style: .bars, points: rows.enumerated().compactMap { j, g in
                    value(g).map { FigureChart.Point(x: Double(j), y: $0) }
                })
            }, rules: [FigureChart.Rule(y: 1, color: "#000000", dashed: false)], yFromZero: !log)])
        let body = """
        set title \(GnuplotScript.string("\(title) (geometric mean over seeds; below 1 = candidate cheaper)"))
        set style data histogram
        set style histogram clustered gap 2
        set style fill solid 0.85 border -1
        set boxwidth 0.9
        \(log ? "set logscale y\nset yrange [\(GnuplotData.number(ratios.min()! / 1.3)):\(GnuplotData.number(ratios.max()! * 1.3))]"
              : "set yrange [0:\(GnuplotData.number(ratios.max()! * 1.15))]")
        set grid ytics
        set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 1.5 lc rgb "#000000"
        \(GnuplotScript.xticSettings(labels: rows.map { "\($0.methodLabel) / \($0.dataset)" }))
        set xlabel "method / dataset"
        set ylabel "ratio candidate / baseline\(log ? " (log scale)" : "")"
        set key outside right top box width 2
        plot '\(name).dat' using 4:xtic(1) title "total time" lc rgb "#1f77b4", \\
             '' using 5 title "fit time" lc rgb "#17becf", \\
             '' using 6 title "peak memory" lc rgb "#9467bd"
        """
        return GnuplotFigure(name: name, title: title, data: data.text,
                             script: GnuplotScript.script(name: name, title: title, width: GnuplotScript.histogramWidth(slots: rows.count * 3),
                                                          height: 620, body: body),
                             chart: chart)
    }

    func criticalDifference() -> GnuplotFigure? {
        guard let f = comparison.ranking, let cd = f.criticalDifference else { return nil }
        let name = prefix + "cd"
        let title = "Critical-difference diagram: average quality rank over \(f.datasets.count) datasets"
        var data = GnuplotData()
        data.comment(title)
        data.comment("Friedman chi2 = \(GnuplotData.number(f.statistic)), dof \(f.degreesOfFreedom), p = \(GnuplotData.number(f.pValue)); Nemenyi CD (alpha 0.05) = \(GnuplotData.number(cd))")
        data.comment("Columns: average_rank label_height label")
        let order = f.methods.indices.sorted { f.averageRanks[$0] < f.averageRanks[$1] }
        for (i, j) in order.enumerated() {
            data.row([.number(f.averageRanks[j]), .number(Double(i + 1)), .text(f.methods[j])])
        }
        let cliques = NemenyiTest.cliques(averageRanks: f.averageRanks, cd: cd)
        let k = Double(f.methods.count)
        var arrows = ""
        for (i, clique) in cliques.enumerated() {
            let ranks = clique.map { f.averageRanks[$0] }
            let y = -0.6 * Double(i + 1)
            arrows += "set arrow from \(GnuplotData.number(ranks.min()! - 0.05)), \(GnuplotData.number(y)) to \(GnuplotData.number(ranks.max()! + 0.05)), \(GnuplotData.number(y)) nohead lw 4 lc rgb \"#444444\"\n"
        }
        let top = k + 1.5
        var series = order.enumerated().map { i, j in
            FigureChart.Series(name: "", color: "#1f77b4", style: .line,
                               points: [FigureChart.Point(x: f.averageRanks[j], y: 0), FigureChart.Point(x: f.averageRanks[j], y: Double(i + 1))])
        }
        series.append(FigureChart.Series(name: "", color: "#1f77b4", style: .points, points: order.enumerated().map { i, j in
            FigureChart.Point(x: f.averageRanks[j], y: Double(i + 1), label: f.methods[j])
        }))
        for (i, clique) in cliques.enumerated() {
            let ranks = clique.map { f.averageRanks[$0] }
            series.append(FigureChart.Series(name: i == 0 ? "not significantly different" : "", color: "#444444", style: .line, points: [
                FigureChart.Point(x: ranks.min()! - 0.05, y: -0.6 * Double(i + 1)), FigureChart.Point(x: ranks.max()! + 0.05, y: -0.6 * Double(i + 1))]))
        }
        series.append(FigureChart.Series(name: "CD = \(String(format: "%.2f", cd))", color: "#d62728", style: .line,
                                         points: [FigureChart.Point(x: 1, y: top), FigureChart.Point(x: 1 + cd, y: top)]))
        let chart = FigureChart(title: "\(title) (1 = best; bars join methods not significantly different, Nemenyi alpha 0.05)", panels: [
            FigureChart.Panel(title: "", xLabel: "average rank", yLabel: "", series: series)])
        arrows += "set arrow from 1, \(GnuplotData.number(top)) to \(GnuplotData.number(1 + cd)), \(GnuplotData.number(top)) heads size 0.1,90 lw 2 lc rgb \"#d62728\"\n"
        arrows += "set label \(GnuplotScript.string("CD = \(String(format: "%.2f", cd))")) at \(GnuplotData.number(1 + cd / 2)), \(GnuplotData.number(top + 0.5)) center tc rgb \"#d62728\"\n"
        let body = """
        set title \(GnuplotScript.string("\(title) (1 = best; bars join methods not significantly different, Nemenyi alpha 0.05)"))
        set xrange [0.5:\(GnuplotData.number(k + 1.5))]
        set yrange [\(GnuplotData.number(-0.6 * Double(cliques.count + 1))):\(GnuplotData.number(top + 1))]
        set xtics 1 nomirror
        unset ytics
        set border 1
        set xlabel "average rank"
        unset key
        \(arrows)plot '\(name).dat' using 1:2 with impulses lc rgb "#1f77b4" lw 1.5, \\
             '' using 1:(0) with points pt 7 ps 1.2 lc rgb "#1f77b4", \\
             '' using 1:2:3 with labels left offset 0.6,0 font ",10"
        """
        return GnuplotFigure(name: name, title: title, data: data.text,
                             script: GnuplotScript.script(name: name, title: title, width: 1100, height: 260 + 34 * Int(k), body: body),
                             chart: chart)
    }
}
