import Foundation

/// Draws a ``FigureChart`` as one inline SVG document (the HTML report's plots): the figure's title, then
/// its panels one under another (one column reads on a phone), each with axes, ticks, grid, rules, series
/// and a legend underneath. A second renderer of the figures ``GnuplotRenderer`` draws, from the same
/// builders. Deterministic: the same chart gives the same bytes (coordinates to 0.1 px, no dates or
/// random ids); `idPrefix` keeps clip-path ids unique when several SVGs share a page.
package struct SVGChartRenderer: Sendable {
    package var width = 760.0
    package var panelHeight = 380.0

    package init() {}

    package func render(_ chart: FigureChart, idPrefix: String) -> String {
        var body: [String] = []
        var top = 8.0
        let titleLines = wrap(chart.title, width: width - 20, fontSize: 14)
        for line in titleLines {
            top += 18
            body.append(##"<text x="\##(f(width / 2))" y="\##(f(top))" text-anchor="middle" font-size="14" font-weight="bold">\##(Self.escape(line))</text>"##)
        }
        top += 8
        for (i, panel) in chart.panels.enumerated() {
            let (svg, height) = renderPanel(panel, top: top, clipID: "\(idPrefix)-p\(i)")
            body.append(svg)
            top += height
        }
        let height = top + 8
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(f(width)) \(f(height))" width="\(f(width))" height="\(f(height))" \
        role="img" aria-label="\(Self.escape(chart.title))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" class="chart">
        <title>\(Self.escape(chart.title))</title>
        \(body.joined(separator: "\n"))
        </svg>
        """
    }

    // MARK: one panel

    private func renderPanel(_ p: FigureChart.Panel, top: Double, clipID: String) -> (String, Double) {
        var out: [String] = []
        var y0 = top
        if !p.title.isEmpty {
            y0 += 16
            out.append(##"<text x="\##(f(width / 2))" y="\##(f(y0))" text-anchor="middle" font-size="12">\##(Self.escape(p.title))</text>"##)
            y0 += 6
        }
        let longest = p.categories.map(\.count).max() ?? 0
        let rotate = longest > 6
        let bottom = p.categories.isEmpty ? 44.0 : rotate ? min(170, 30 + 5.6 * Double(longest)) : 40
        // rotated category labels reach left of their bar: room for the first one
        let left = rotate ? min(190, max(72, 4.7 * Double(p.categories.first?.count ?? 0) - 10)) : 72.0, right = 16.0
        let plot = (x: left, y: y0 + 6, w: width - left - right, h: panelHeight - bottom - 6)
        let xr = xRange(p), yr = yRange(p)
        func sx(_ x: Double) -> Double {
            let (lo, hi) = (transform(xr.lo, p.xScale), transform(xr.hi, p.xScale))
            return plot.x + (transform(x, p.xScale) - lo) / (hi - lo) * plot.w
        }
        func sy(_ y: Double) -> Double {
            let (lo, hi) = (transform(yr.lo, p.yScale), transform(yr.hi, p.yScale))
            return plot.y + plot.h - (transform(y, p.yScale) - lo) / (hi - lo) * plot.h
        }
        out.append(##"<clipPath id="\##(clipID)"><rect x="\##(f(plot.x))" y="\##(f(plot.y))" width="\##(f(plot.w))" height="\##(f(plot.h))"/></clipPath>"##)
        out.append(##"<rect x="\##(f(plot.x))" y="\##(f(plot.y))" width="\##(f(plot.w))" height="\##(f(plot.h))" fill="#ffffff" stroke="#888888"/>"##)
        // y ticks and grid
        for t in ticks(yr.lo, yr.hi, p.yScale) {
            let y = sy(t)
            out.append(##"<line x1="\##(f(plot.x))" y1="\##(f(y))" x2="\##(f(plot.x + plot.w))" y2="\##(f(y))" stroke="#e3e3e3"/>"##)
            out.append(##"<text x="\##(f(plot.x - 5))" y="\##(f(y + 4))" text-anchor="end" font-size="10">\##(tickLabel(t))</text>"##)
        }
        // x ticks: categories or numbers
        if p.categories.isEmpty {
            for t in ticks(xr.lo, xr.hi, p.xScale) {
                let x = sx(t)
                out.append(##"<line x1="\##(f(x))" y1="\##(f(plot.y))" x2="\##(f(x))" y2="\##(f(plot.y + plot.h))" stroke="#e3e3e3"/>"##)
                out.append(##"<text x="\##(f(x))" y="\##(f(plot.y + plot.h + 14))" text-anchor="middle" font-size="10">\##(tickLabel(t))</text>"##)
            }
        } else {
            for (i, label) in p.categories.enumerated() {
                let x = sx(Double(i)), y = plot.y + plot.h + 12
                out.append(rotate
                    ? ##"<text x="\##(f(x))" y="\##(f(y))" text-anchor="end" font-size="10" transform="rotate(-35 \##(f(x)) \##(f(y)))">\##(Self.escape(label))</text>"##
                    : ##"<text x="\##(f(x))" y="\##(f(y + 2))" text-anchor="middle" font-size="10">\##(Self.escape(label))</text>"##)
            }
        }
        if !p.xLabel.isEmpty {
            out.append(##"<text x="\##(f(plot.x + plot.w / 2))" y="\##(f(plot.y + plot.h + bottom - 6))" text-anchor="middle" font-size="11">\##(Self.escape(p.xLabel))</text>"##)
        }
        if !p.yLabel.isEmpty {
            let cx = 14.0, cy = plot.y + plot.h / 2
            out.append(##"<text x="\##(f(cx))" y="\##(f(cy))" text-anchor="middle" font-size="11" transform="rotate(-90 \##(f(cx)) \##(f(cy)))">\##(Self.escape(p.yLabel))</text>"##)
        }
        // the data, clipped to the plot area
        var data: [String] = []
        for r in p.rules {
            data.append(##"<line x1="\##(f(plot.x))" y1="\##(f(sy(r.y)))" x2="\##(f(plot.x + plot.w))" y2="\##(f(sy(r.y)))" stroke="\##(r.color)" stroke-width="1.5"\##(r.dashed ? ##" stroke-dasharray="6 4""## : "")/>"##)
        }
        let bars = p.series.filter { $0.style == .bars }
        let band = plot.w / Double(max(p.categories.count, 1))
        let barWidth = band * 0.8 / Double(max(bars.count, 1))
        let base = p.yScale == .log ? yr.lo : min(max(0, yr.lo), yr.hi)
        for s in p.series {
            switch s.style {
            case .bars:
                let k = Double(bars.firstIndex(of: s) ?? 0)
                for pt in s.points {
                    let category = p.categories.indices.contains(Int(pt.x)) ? p.categories[Int(pt.x)] : ""
                    let tip = Self.escape("\(category), \(s.name): \(tickLabel(pt.y))")
                    let x = sx(pt.x) - band * 0.4 + k * barWidth
                    let (a, b) = (sy(pt.y), sy(base))
                    data.append(##"<rect x="\##(f(x))" y="\##(f(min(a, b)))" width="\##(f(barWidth))" height="\##(f(abs(b - a)))" fill="\##(s.color)" stroke="#333333" stroke-width="0.5"><title>\##(tip)</title></rect>"##)
                    data += errorBar(x: x + barWidth / 2, pt: pt, sy: sy, scale: p.yScale, color: "#222222")
                }
            case .points, .linePoints:
                if s.style == .linePoints, s.points.count > 1 {
                    data.append(##"<polyline fill="none" stroke="\##(s.color)" stroke-width="1.5" points="\##(s.points.map { "\(f(sx($0.x))),\(f(sy($0.y)))" }.joined(separator: " "))"/>"##)
                }
                for pt in s.points {
                    let x = sx(pt.x), y = sy(pt.y)
                    data += errorBar(x: x, pt: pt, sy: sy, scale: p.yScale, color: s.color)
                    if let e = pt.xError, e > 0 {
                        let lo = p.xScale == .log ? max(pt.x - e, xr.lo) : pt.x - e
                        data.append(##"<line x1="\##(f(sx(lo)))" y1="\##(f(y))" x2="\##(f(sx(pt.x + e)))" y2="\##(f(y))" stroke="\##(s.color)"/>"##)
                    }
                    let tip = Self.escape("\(pt.label ?? s.name): (\(tickLabel(pt.x)), \(tickLabel(pt.y)))")
                    data.append(##"<circle cx="\##(f(x))" cy="\##(f(y))" r="4" fill="\##(s.color)"><title>\##(tip)</title></circle>"##)
                    if let label = pt.label {
                        data.append(##"<text x="\##(f(x + 7))" y="\##(f(y - 5))" font-size="10" fill="\##(s.color)">\##(Self.escape(label))</text>"##)
                    }
                }
            case .line:
                data.append(##"<polyline fill="none" stroke="\##(s.color)" stroke-width="2" points="\##(s.points.map { "\(f(sx($0.x))),\(f(sy($0.y)))" }.joined(separator: " "))"/>"##)
            case .steps:
                guard let first = s.points.first else { continue }
                var d = "M\(f(sx(first.x))),\(f(sy(first.y)))"
                for pt in s.points.dropFirst() { d += " H\(f(sx(pt.x))) V\(f(sy(pt.y)))" }
                data.append(##"<path d="\##(d)" fill="none" stroke="\##(s.color)" stroke-width="2" stroke-dasharray="6 4"/>"##)
            }
        }
        out.append(##"<g clip-path="url(#\##(clipID))">"## + "\n" + data.joined(separator: "\n") + "\n</g>")
        // legend under the plot
        var entries: [(String, String, Bool)] = []
        for s in p.series where !s.name.isEmpty && !entries.contains(where: { $0.0 == s.name }) { entries.append((s.name, s.color, false)) }
        for r in p.rules where !r.name.isEmpty && !entries.contains(where: { $0.0 == r.name }) { entries.append((r.name, r.color, r.dashed)) }
        var lx = plot.x, ly = plot.y + plot.h + bottom + 12
        for (name, color, dashed) in entries {
            let w = 26 + Double(name.count) * 6.2
            if lx + w > width - right, lx > plot.x { lx = plot.x; ly += 16 }
            out.append(dashed
                ? ##"<line x1="\##(f(lx))" y1="\##(f(ly - 4))" x2="\##(f(lx + 14))" y2="\##(f(ly - 4))" stroke="\##(color)" stroke-width="2" stroke-dasharray="4 2"/>"##
                : ##"<rect x="\##(f(lx))" y="\##(f(ly - 9))" width="14" height="10" fill="\##(color)"/>"##)
            out.append(##"<text x="\##(f(lx + 18))" y="\##(f(ly))" font-size="11">\##(Self.escape(name))</text>"##)
            lx += w + 10
        }
        let height = (entries.isEmpty ? plot.y + plot.h + bottom : ly + 10) - top
        return ("<g class=\"panel\">\n" + out.joined(separator: "\n") + "\n</g>", height)
    }

    private func errorBar(x: Double, pt: FigureChart.Point, sy: (Double) -> Double, scale: FigureChart.Scale, color: String) -> [String] {
        guard let e = pt.yError, e > 0 else { return [] }
        let lo = scale == .log ? max(pt.y - e, pt.y / 10) : pt.y - e
        let (a, b) = (sy(lo), sy(pt.y + e))
        return [##"<path d="M\##(f(x)),\##(f(a)) V\##(f(b)) M\##(f(x - 3)),\##(f(a)) H\##(f(x + 3)) M\##(f(x - 3)),\##(f(b)) H\##(f(x + 3))" stroke="\##(color)" fill="none"/>"##]
    }

    // MARK: ranges and ticks

    private func xRange(_ p: FigureChart.Panel) -> (lo: Double, hi: Double) {
        if !p.categories.isEmpty { return (-0.5, Double(p.categories.count) - 0.5) }
        var xs: [Double] = []
        for s in p.series { for pt in s.points { xs += [pt.x - (pt.xError ?? 0), pt.x + (pt.xError ?? 0), pt.x] } }
        let labelled = p.series.contains { $0.points.contains { $0.label != nil } }
        return padded(xs, scale: p.xScale, includeZero: false, below: 0.05, above: labelled ? 0.25 : 0.05)
    }

    private func yRange(_ p: FigureChart.Panel) -> (lo: Double, hi: Double) {
        var ys: [Double] = p.rules.map(\.y)
        for s in p.series { for pt in s.points { ys += [pt.y - (pt.yError ?? 0), pt.y + (pt.yError ?? 0), pt.y] } }
        return padded(ys, scale: p.yScale, includeZero: p.yFromZero && p.yScale == .linear, below: 0.08, above: 0.08)
    }

    /// The span of `values` widened by the fractions `below` and `above` (in log space for a log axis;
    /// non-positive values are left out there). A single value gets a span of its own size.
    private func padded(_ values: [Double], scale: FigureChart.Scale, includeZero: Bool, below: Double, above: Double) -> (lo: Double, hi: Double) {
        var v = values.filter(\.isFinite)
        if scale == .log { v = v.filter { $0 > 0 }.map(log10) }
        if includeZero { v.append(0) }
        guard var lo = v.min(), var hi = v.max() else { return scale == .log ? (1, 10) : (0, 1) }
        if hi - lo < 1e-12 { let d = max(abs(lo) * 0.1, scale == .log ? 0.5 : 0.5); lo -= d; hi += d }
        let span = hi - lo
        lo -= span * below
        hi += span * above
        if includeZero, values.allSatisfy({ $0 >= 0 }) { lo = 0 }
        return scale == .log ? (pow(10, lo), pow(10, hi)) : (lo, hi)
    }

    private func transform(_ v: Double, _ scale: FigureChart.Scale) -> Double {
        scale == .log ? log10(max(v, 1e-300)) : v
    }

    /// Linear: 1, 2 or 5 × 10^k steps, about six ticks. Log: the decades, with 2 and 5 between them
    /// when the span is under two decades.
    private func ticks(_ lo: Double, _ hi: Double, _ scale: FigureChart.Scale) -> [Double] {
        if scale == .log {
            let a = Int(floor(log10(lo))), b = Int(ceil(log10(hi)))
            let multiples: [Double] = b - a <= 2 ? [1, 2, 5] : [1]
            var out: [Double] = []
            for e in a...b { for m in multiples { let t = m * pow(10, Double(e)); if t >= lo && t <= hi { out.append(t) } } }
            return out
        }
        let raw = (hi - lo) / 6
        let e = floor(log10(raw)), frac = raw / pow(10, e)
        let step = (frac < 1.5 ? 1 : frac < 3.5 ? 2 : frac < 7.5 ? 5 : 10) * pow(10, e)
        var out: [Double] = []
        var t = ceil(lo / step) * step
        while t <= hi + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    private func tickLabel(_ v: Double) -> String {
        let s = String(format: "%.4g", v)
        return s == "-0" ? "0" : s
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v.isFinite ? v : 0) }

    /// Splits `text` into lines that fit `width` at about 0.62 em per character (bold sans).
    private func wrap(_ text: String, width: Double, fontSize: Double) -> [String] {
        let perLine = max(20, Int(width / (fontSize * 0.62)))
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > perLine { lines.append(current); current = "" }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// XML text and attribute escaping.
    package static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
