/// What a figure draws, as panels of series: the same content as its gnuplot `.dat` and `.gp`, kept as
/// values so that renderers other than gnuplot (``SVGChartRenderer``, for the HTML report) draw the same
/// figure. The figure builders (``RunFigures``, ``EpsilonFigure``, ``ComparisonFigures``) fill it beside
/// the data file; nothing else builds figures.
package struct FigureChart: Sendable, Equatable {
    package enum Scale: Sendable, Equatable { case linear, log }

    package enum Style: Sendable, Equatable {
        /// Clustered bars over the panel's categories (x = category index), one cluster member per series.
        case bars
        /// Markers, with error bars where given and the point's label beside it.
        case points
        /// Markers joined by a line (gnuplot `yerrorlines`).
        case linePoints
        /// A plain line through the points.
        case line
        /// A dashed step line: horizontal, then vertical (gnuplot `steps`).
        case steps
    }

    package struct Point: Sendable, Equatable {
        package var x: Double
        package var y: Double
        package var xError: Double?
        package var yError: Double?
        package var label: String?

        package init(x: Double, y: Double, xError: Double? = nil, yError: Double? = nil, label: String? = nil) {
            self.x = x; self.y = y; self.xError = xError; self.yError = yError; self.label = label
        }
    }

    package struct Series: Sendable, Equatable {
        /// The legend entry; empty for none.
        package var name: String
        package var color: String
        package var style: Style
        package var points: [Point]

        package init(name: String, color: String, style: Style, points: [Point]) {
            self.name = name; self.color = color; self.style = style; self.points = points
        }
    }

    /// A horizontal line across the panel at `y`.
    package struct Rule: Sendable, Equatable {
        package var y: Double
        package var color: String
        package var dashed: Bool
        /// The legend entry; empty for none.
        package var name: String

        package init(y: Double, color: String, dashed: Bool, name: String = "") {
            self.y = y; self.color = color; self.dashed = dashed; self.name = name
        }
    }

    package struct Panel: Sendable, Equatable {
        package var title: String
        package var xLabel: String
        package var yLabel: String
        package var xScale: Scale
        package var yScale: Scale
        /// The x categories of a bar panel (point x is the index); empty for a numeric x axis.
        package var categories: [String]
        package var series: [Series]
        package var rules: [Rule]
        /// Whether the y range must include 0 (bars from 0).
        package var yFromZero: Bool

        package init(title: String, xLabel: String, yLabel: String, xScale: Scale = .linear, yScale: Scale = .linear,
                     categories: [String] = [], series: [Series], rules: [Rule] = [], yFromZero: Bool = false) {
            self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.xScale = xScale; self.yScale = yScale
            self.categories = categories; self.series = series; self.rules = rules; self.yFromZero = yFromZero
        }
    }

    package var title: String
    package var panels: [Panel]

    package init(title: String, panels: [Panel]) {
        self.title = title; self.panels = panels
    }
}
