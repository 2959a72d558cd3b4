import Foundation

/// One evaluated threshold of a sweep.
public struct SweepChartPoint: Sendable, Equatable {
    /// The routing threshold, 0...1.
    public var threshold: Double
    /// What the replayed traffic would have cost at this threshold, in USD.
    public var costUSD: Double
    /// The fraction of requests sent to the strong model, 0...1.
    public var strongShare: Double

    public init(threshold: Double, costUSD: Double, strongShare: Double) {
        self.threshold = threshold
        self.costUSD = costUSD
        self.strongShare = strongShare
    }
}

/// The chart of a threshold sweep (`routeledger sweep`): total cost (left axis) and strong-model
/// share (right axis) against the threshold, with today's threshold marked.
///
/// Hand-written SVG: no chart library is available in our Swift package mirror. The output depends
/// only on the input (same chart, same bytes). A point is drawn only when all its values are finite,
/// its threshold lies in 0...1 and its cost is not negative; strong shares are clamped to 0...1.
public struct SweepChart: Sendable {
    public var title: String
    /// The evaluated thresholds, in ascending order.
    public var points: [SweepChartPoint]
    /// Today's threshold, drawn as a dashed vertical line labelled "today 0.50"; nil draws none.
    public var currentThreshold: Double?
    /// The document size in SVG user units (pixels).
    public var width: Int = 800
    public var height: Int = 480

    public init(title: String, points: [SweepChartPoint], currentThreshold: Double?) {
        self.title = title
        self.points = points
        self.currentThreshold = currentThreshold
    }

    /// Space between the document edge and the plot area: room for the title and legend above,
    /// tick labels and axis titles on the other sides.
    public static let margins = (top: 70.0, right: 80.0, bottom: 60.0, left: 90.0)
    public static let costColor = "#1f77b4"
    public static let strongShareColor = "#ff7f0e"

    /// The rectangle the data is drawn in, in SVG coordinates (y grows downwards).
    public struct PlotArea: Sendable, Equatable {
        public var left: Double, top: Double, right: Double, bottom: Double
        public var width: Double { right - left }
        public var height: Double { bottom - top }

        /// Where a threshold (0...1) lies across the plot.
        func x(threshold: Double) -> Double { left + threshold * width }
        /// Where a fraction of an axis' range (0 at the bottom, 1 at the top) lies up the plot.
        func y(fraction: Double) -> Double { bottom - fraction * height }
    }

    /// The plot area for this chart's size: the document less `margins`.
    public var plotArea: PlotArea {
        let margins = Self.margins
        let left = margins.left, top = margins.top
        return PlotArea(
            left: left, top: top,
            right: max(left, Double(width) - margins.right), bottom: max(top, Double(height) - margins.bottom))
    }

    /// The chart as an `<svg>` element to inline in an HTML page (``svg()`` without its XML
    /// declaration).
    public func inlineSVG() -> String {
        let document = svg()
        guard document.hasPrefix("<?xml"), let end = document.firstIndex(of: "\n") else { return document }
        return String(document[document.index(after: end)...])
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let plot = plotArea
        let drawn = points.filter(\.isPlottable)
        let costAxis = CostAxis(maximumCost: drawn.map(\.costUSD).max() ?? 0)
        let centerX = Double(width) / 2
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
            <rect x="0" y="0" width="\(width)" height="\(height)" fill="white"/>
            <text class="title" x="\(number(centerX))" y="28" text-anchor="middle" font-size="18">\
            \(escapedXML(title))</text>

            """
        func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ attributes: String) {
            svg += "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\""
            svg += " \(attributes)/>\n"
        }
        func text(_ x: Double, _ y: Double, _ content: String, _ attributes: String) {
            svg += "<text x=\"\(number(x))\" y=\"\(number(y))\" \(attributes)>\(content)</text>\n"
        }

        // Grid and both y axes: the cost steps and the share steps share their heights.
        for step in 0...CostAxis.steps {
            let y = plot.y(fraction: Double(step) / Double(CostAxis.steps))
            line(plot.left, y, plot.right, y, "stroke=\"#e5e5e5\"")
            line(plot.left - 5, y, plot.left, y, "stroke=\"black\"")
            text(plot.left - 8, y + 4, costAxis.label(step: step), "class=\"cost-tick\" text-anchor=\"end\"")
            line(plot.right, y, plot.right + 5, y, "stroke=\"black\"")
            let percent = step * 100 / CostAxis.steps
            text(plot.right + 8, y + 4, "\(percent)%", "class=\"share-tick\" text-anchor=\"start\"")
        }
        for tenth in 0...10 {
            let threshold = Double(tenth) / 10
            let x = plot.x(threshold: threshold)
            line(x, plot.bottom, x, plot.bottom + 5, "stroke=\"black\"")
            text(x, plot.bottom + 20, fixed(threshold, places: 1), "class=\"threshold-tick\" text-anchor=\"middle\"")
        }
        svg += """
            <rect x="\(number(plot.left))" y="\(number(plot.top))" width="\(number(plot.width))" \
            height="\(number(plot.height))" fill="none" stroke="black"/>

            """
        let middleY = (plot.top + plot.bottom) / 2
        let shareTitleX = Double(width) - 24
        let axisTitle = "class=\"axis-title\" text-anchor=\"middle\""
        text(centerX, plot.bottom + 45, "threshold", axisTitle)
        text(24, middleY, "cost", axisTitle + " transform=\"rotate(-90 24 \(number(middleY)))\"")
        text(shareTitleX, middleY, "strong share",
             axisTitle + " transform=\"rotate(90 \(number(shareTitleX)) \(number(middleY)))\"")

        if let today = currentThreshold, today.isFinite, (0...1).contains(today) {
            let x = plot.x(threshold: today)
            line(x, plot.top, x, plot.bottom,
                 "class=\"today\" stroke=\"grey\" stroke-width=\"1.5\" stroke-dasharray=\"4 4\"")
            // Near the right edge the label goes left of the line so that it stays inside the plot.
            let (labelX, anchor) = today > 0.85 ? (x - 4, "end") : (x + 4, "start")
            text(labelX, plot.top + 14, "today \(fixed(today, places: 2))",
                 "class=\"today-label\" fill=\"dimgrey\" text-anchor=\"\(anchor)\"")
        }

        func series(_ name: String, _ points: [(x: Double, y: Double)], color: String, dashes: String) {
            let coordinates = points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
            svg += "<polyline class=\"\(name)\" points=\"\(coordinates)\" fill=\"none\" stroke=\"\(color)\""
            svg += " stroke-width=\"2\"\(dashes)/>\n"
            // Markers keep a single point, which draws no line, visible.
            for point in points {
                svg += "<circle class=\"\(name)-marker\" cx=\"\(number(point.x))\" cy=\"\(number(point.y))\""
                svg += " r=\"2.5\" fill=\"\(color)\"/>\n"
            }
        }
        if drawn.isEmpty {
            text(plot.x(threshold: 0.5), middleY, "no data",
                 "class=\"no-data\" text-anchor=\"middle\" fill=\"grey\" font-size=\"16\"")
        } else {
            let costPoints = drawn.map {
                (x: plot.x(threshold: $0.threshold), y: plot.y(fraction: $0.costUSD / costAxis.maximum))
            }
            let sharePoints = drawn.map {
                (x: plot.x(threshold: $0.threshold), y: plot.y(fraction: min(max($0.strongShare, 0), 1)))
            }
            series("cost", costPoints, color: Self.costColor, dashes: "")
            series("strong-share", sharePoints, color: Self.strongShareColor, dashes: " stroke-dasharray=\"6 4\"")
        }

        let legendY = 50.0
        let legendX = plot.left
        line(legendX, legendY, legendX + 24, legendY, "stroke=\"\(Self.costColor)\" stroke-width=\"2\"")
        text(legendX + 30, legendY + 4, "total cost (USD)", "class=\"legend\"")
        line(legendX + 160, legendY, legendX + 184, legendY,
             "stroke=\"\(Self.strongShareColor)\" stroke-width=\"2\" stroke-dasharray=\"6 4\"")
        text(legendX + 190, legendY + 4, "strong-model share", "class=\"legend\"")
        svg += "</svg>\n"
        return svg
    }

    /// The left axis: 0 up to the largest cost rounded up so that it splits into `steps` equal steps
    /// of 1, 2, 2.5 or 5 times a power of ten; 0...1 when every cost is zero (or there is none).
    struct CostAxis {
        static let steps = 5
        let step: Double
        /// The decimals a label needs to show the step exactly (at least the 2 of cents).
        let labelPlaces: Int
        var maximum: Double { step * Double(Self.steps) }

        init(maximumCost: Double) {
            let rawStep = maximumCost / Double(Self.steps)
            guard rawStep > 0, (rawStep * Double(Self.steps) * 10).isFinite else {
                (step, labelPlaces) = (1 / Double(Self.steps), 2)
                return
            }
            var exponent = Int(log10(rawStep).rounded(.down))
            let fraction = rawStep / pow(10, Double(exponent))
            var mantissa = [1, 2, 2.5, 5, 10].first { $0 >= fraction * (1 - 1e-9) } ?? 10
            if mantissa == 10 { (mantissa, exponent) = (1, exponent + 1) }
            step = mantissa * pow(10, Double(exponent))
            labelPlaces = max(2, -exponent + (mantissa == 2.5 ? 1 : 0))
        }

        func label(step index: Int) -> String {
            "$" + fixed(step * Double(index), places: labelPlaces)
        }
    }
}

extension SweepChartPoint {
    fileprivate var isPlottable: Bool {
        threshold.isFinite && (0...1).contains(threshold) && costUSD.isFinite && costUSD >= 0 && strongShare.isFinite
    }
}
