/// One figure: `<name>.dat` (the numbers), `<name>.gp` (the script that draws them) and the same content
/// as values (``FigureChart``) for the renderers that are not gnuplot.
package struct GnuplotFigure: Sendable {
    package let name: String
    package let title: String
    package let data: String
    package let script: String
    package let chart: FigureChart

    package init(name: String, title: String, data: String, script: String, chart: FigureChart) {
        self.name = name; self.title = title; self.data = data; self.script = script; self.chart = chart
    }
}
