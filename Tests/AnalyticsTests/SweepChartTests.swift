import Analytics
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The elements of an XML document in document order, each with its attributes and text; nil when
/// the document is not well-formed.
///
/// On Linux `XMLParser.parse()` returns true for many malformed documents (swift-corelibs-foundation
/// issue 5281) and reports nothing at all for an unclosed root, so reported errors, unclosed elements
/// and the root count are checked here too.
private final class XMLElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }

    private var elements: [Element] = []
    private var openElements: [Int] = []
    private var rootCount = 0
    private var reportedErrors = 0

    static func parse(_ document: String) -> [Element]? {
        let parser = XMLParser(data: Data(document.utf8))
        let collector = XMLElements()
        parser.delegate = collector
        let parsed = parser.parse()
        guard parsed, parser.parserError == nil, collector.reportedErrors == 0, collector.openElements.isEmpty,
            collector.rootCount == 1
        else { return nil }
        return collector.elements
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        reportedErrors += 1
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if openElements.isEmpty { rootCount += 1 }
        openElements.append(elements.count)
        elements.append(Element(name: elementName, attributes: attributes))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        openElements.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let innermost = openElements.last { elements[innermost].text += string }
    }
}

@Suite struct SweepChartTests {
    /// Coordinates are written with 2 decimals, so they may be off by half a hundredth.
    private let tolerance = 0.0051

    private func parsed(_ chart: SweepChart) throws -> [XMLElements.Element] {
        try #require(XMLElements.parse(chart.svg()), "not well-formed XML")
    }

    private func elements(_ elements: [XMLElements.Element], class name: String) -> [XMLElements.Element] {
        elements.filter { $0.attributes["class"] == name }
    }

    private func polyline(_ elements: [XMLElements.Element], class name: String) throws -> [(x: Double, y: Double)] {
        let line = try #require(self.elements(elements, class: name).first { $0.name == "polyline" })
        return try line.attributes["points", default: ""].split(separator: " ").map { pair in
            let parts = pair.split(separator: ",")
            try #require(parts.count == 2)
            return (try #require(Double(parts[0])), try #require(Double(parts[1])))
        }
    }

    private func sweep(costs: [Double], shares: [Double]? = nil) -> [SweepChartPoint] {
        costs.indices.map { index in
            SweepChartPoint(
                threshold: Double(index) / Double(max(costs.count - 1, 1)), costUSD: costs[index],
                strongShare: shares?[index] ?? 1 - Double(index) / Double(max(costs.count - 1, 1)))
        }
    }

    @Test func wellFormednessCheckRejectsMalformedDocuments() {
        #expect(XMLElements.parse("<svg><text>a&lt;b &amp; c</text></svg>") != nil)
        for malformed in ["<svg><text>a<b & c</text></svg>", "<svg>", "<svg><g></svg>", "<svg/><svg/>", "<svg>&bogus;</svg>"] {
            #expect(XMLElements.parse(malformed) == nil, "\(malformed)")
        }
    }

    @Test func plotAreaIsTheDocumentLessTheMargins() {
        var chart = SweepChart(title: "t", points: [], currentThreshold: nil)
        chart.width = 1000
        chart.height = 600
        let plot = chart.plotArea
        #expect(plot.left == SweepChart.margins.left)
        #expect(plot.top == SweepChart.margins.top)
        #expect(plot.right == 1000 - SweepChart.margins.right)
        #expect(plot.bottom == 600 - SweepChart.margins.bottom)
    }

    @Test func typicalSweepIsWellFormedWithLegendAxesAndTitle() throws {
        let chart = SweepChart(title: "sweep of last week", points: sweep(costs: [12.4, 10, 8.5, 7, 6.2]), currentThreshold: 0.5)
        let all = try parsed(chart)
        #expect(all.first?.name == "svg")
        #expect(all.first?.attributes["width"] == "800")
        #expect(all.first?.attributes["height"] == "480")
        #expect(elements(all, class: "title").map(\.text) == ["sweep of last week"])
        #expect(elements(all, class: "legend").map(\.text) == ["total cost (USD)", "strong-model share"])
        #expect(elements(all, class: "axis-title").map(\.text) == ["threshold", "cost", "strong share"])
        #expect(elements(all, class: "threshold-tick").map(\.text) == (0...9).map { "0.\($0)" } + ["1.0"])
        #expect(elements(all, class: "share-tick").map(\.text) == ["0%", "20%", "40%", "60%", "80%", "100%"])
        // 12.4 / 5 = 2.48, rounded up to the nice step 2.5.
        #expect(elements(all, class: "cost-tick").map(\.text) == ["$0.00", "$2.50", "$5.00", "$7.50", "$10.00", "$12.50"])
        let cost = try #require(elements(all, class: "cost").first)
        #expect(cost.attributes["stroke"] == "#1f77b4")
        #expect(cost.attributes["stroke-dasharray"] == nil)
        let share = try #require(elements(all, class: "strong-share").first)
        #expect(share.attributes["stroke"] == "#ff7f0e")
        #expect(share.attributes["stroke-dasharray"] != nil)
    }

    @Test func costLineHasOnePointPerFinitePointAtItsThreshold() throws {
        let points = [
            SweepChartPoint(threshold: 0, costUSD: 9, strongShare: 1),
            SweepChartPoint(threshold: 1.0 / 3, costUSD: .nan, strongShare: 0.8),
            SweepChartPoint(threshold: 0.4, costUSD: 7, strongShare: 0.7),
            SweepChartPoint(threshold: 0.55, costUSD: 5, strongShare: .infinity),
            SweepChartPoint(threshold: 2.0 / 3, costUSD: 4, strongShare: 0.3),
            SweepChartPoint(threshold: .nan, costUSD: 3, strongShare: 0.2),
            SweepChartPoint(threshold: 1, costUSD: 2, strongShare: 0),
        ]
        let chart = SweepChart(title: "t", points: points, currentThreshold: nil)
        let cost = try polyline(try parsed(chart), class: "cost")
        let drawnThresholds = [0, 0.4, 2.0 / 3, 1]
        #expect(cost.count == drawnThresholds.count)
        #expect(zip(cost, cost.dropFirst()).allSatisfy { $0.x < $1.x })
        let plot = chart.plotArea
        for (point, threshold) in zip(cost, drawnThresholds) {
            #expect(abs(point.x - (plot.left + threshold * plot.width)) <= tolerance)
        }
    }

    @Test func highestCostIsAtThePlotTopAndZeroCostAtTheBottom() throws {
        // A maximum of 10 is a nice axis end itself (5 steps of 2).
        let chart = SweepChart(title: "t", points: sweep(costs: [0, 4, 10, 6]), currentThreshold: nil)
        let cost = try polyline(try parsed(chart), class: "cost")
        let plot = chart.plotArea
        #expect(cost.map(\.y).min() == cost[2].y)
        #expect(abs(cost[2].y - plot.top) <= tolerance)
        #expect(abs(cost[0].y - plot.bottom) <= tolerance)
        #expect(abs(cost[1].y - (plot.bottom - 0.4 * plot.height)) <= tolerance)
    }

    @Test func costBelowARoundedUpAxisEndIsScaledToThatEnd() throws {
        let chart = SweepChart(title: "t", points: sweep(costs: [0, 11.3]), currentThreshold: nil)
        let all = try parsed(chart)
        let cost = try polyline(all, class: "cost")
        let plot = chart.plotArea
        #expect(elements(all, class: "cost-tick").last?.text == "$12.50")
        #expect(abs(cost[1].y - (plot.bottom - 11.3 / 12.5 * plot.height)) <= tolerance)
    }

    @Test func smallCostsGetEnoughDecimalsToTellTicksApart() throws {
        let all = try parsed(SweepChart(title: "t", points: sweep(costs: [0.0123, 0.002]), currentThreshold: nil))
        #expect(elements(all, class: "cost-tick").map(\.text) == ["$0.0000", "$0.0025", "$0.0050", "$0.0075", "$0.0100", "$0.0125"])
    }

    @Test func allZeroCostsUseACostAxisOfZeroToOne() throws {
        let chart = SweepChart(title: "t", points: sweep(costs: [0, 0, 0]), currentThreshold: nil)
        let all = try parsed(chart)
        #expect(elements(all, class: "cost-tick").map(\.text) == ["$0.00", "$0.20", "$0.40", "$0.60", "$0.80", "$1.00"])
        let cost = try polyline(all, class: "cost")
        #expect(cost.allSatisfy { abs($0.y - chart.plotArea.bottom) <= tolerance })
    }

    @Test func strongShareMapsFullToThePlotTopAndNoneToTheBottom() throws {
        let chart = SweepChart(title: "t", points: sweep(costs: [3, 2, 1], shares: [1, 0.25, 0]), currentThreshold: nil)
        let share = try polyline(try parsed(chart), class: "strong-share")
        let plot = chart.plotArea
        #expect(share.count == 3)
        #expect(abs(share[0].y - plot.top) <= tolerance)
        #expect(abs(share[1].y - (plot.bottom - 0.25 * plot.height)) <= tolerance)
        #expect(abs(share[2].y - plot.bottom) <= tolerance)
    }

    @Test func todayLineStandsAtTheCurrentThreshold() throws {
        let chart = SweepChart(title: "t", points: sweep(costs: [5, 3, 1]), currentThreshold: 0.5)
        let all = try parsed(chart)
        let today = try #require(elements(all, class: "today").first)
        let plot = chart.plotArea
        let expectedX = SweepChart.margins.left + 0.5 * plot.width
        #expect(abs(try #require(Double(today.attributes["x1"] ?? "")) - expectedX) <= tolerance)
        #expect(today.attributes["x1"] == today.attributes["x2"])
        #expect(abs(try #require(Double(today.attributes["y1"] ?? "")) - plot.top) <= tolerance)
        #expect(abs(try #require(Double(today.attributes["y2"] ?? "")) - plot.bottom) <= tolerance)
        #expect(today.attributes["stroke-dasharray"] != nil)
        #expect(elements(all, class: "today-label").map(\.text) == ["today 0.50"])
    }

    @Test func noTodayLineWithoutACurrentThreshold() throws {
        let all = try parsed(SweepChart(title: "t", points: sweep(costs: [5, 3]), currentThreshold: nil))
        #expect(elements(all, class: "today").isEmpty)
        #expect(elements(all, class: "today-label").isEmpty)
    }

    @Test func titleIsEscaped() throws {
        let chart = SweepChart(title: "a<b & c \"quoted\" >", points: sweep(costs: [1, 2]), currentThreshold: nil)
        let svg = chart.svg()
        #expect(svg.contains("a&lt;b &amp; c &quot;quoted&quot; &gt;"))
        #expect(!svg.contains("a<b"))
        let all = try parsed(chart)
        #expect(elements(all, class: "title").map(\.text) == ["a<b & c \"quoted\" >"])
    }

    @Test func emptySweepDrawsAxesAndSaysNoData() throws {
        let chart = SweepChart(title: "t", points: [], currentThreshold: 0.5)
        let all = try parsed(chart)
        #expect(chart.svg().contains("no data"))
        #expect(elements(all, class: "no-data").map(\.text) == ["no data"])
        #expect(!all.contains { $0.name == "polyline" })
        #expect(elements(all, class: "threshold-tick").count == 11)
        #expect(elements(all, class: "cost-tick").map(\.text).last == "$1.00")
    }

    @Test func onlyNonFinitePointsCountAsNoData() throws {
        let points = [SweepChartPoint(threshold: 0.5, costUSD: .infinity, strongShare: 0.5)]
        let all = try parsed(SweepChart(title: "t", points: points, currentThreshold: nil))
        #expect(elements(all, class: "no-data").count == 1)
    }

    @Test func singlePointDrawsAOnePointLineAndAMarker() throws {
        let chart = SweepChart(title: "t", points: [SweepChartPoint(threshold: 0.3, costUSD: 10, strongShare: 0.5)], currentThreshold: nil)
        let all = try parsed(chart)
        let cost = try polyline(all, class: "cost")
        #expect(cost.count == 1)
        #expect(abs(cost[0].x - (chart.plotArea.left + 0.3 * chart.plotArea.width)) <= tolerance)
        #expect(abs(cost[0].y - chart.plotArea.top) <= tolerance)
        #expect(elements(all, class: "cost-marker").count == 1)
    }

    @Test func coordinatesHaveAtMostTwoDecimalsAndOutputIsDeterministic() throws {
        let points = (0...30).map { SweepChartPoint(threshold: Double($0) / 30, costUSD: 1 / Double($0 + 3), strongShare: Double($0) / 31) }
        let chart = SweepChart(title: "t", points: points, currentThreshold: 1.0 / 3)
        let svg = chart.svg()
        #expect(svg == SweepChart(title: "t", points: points, currentThreshold: 1.0 / 3).svg())
        let coordinates = try parsed(chart).flatMap { element in
            ["points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy"].compactMap { element.attributes[$0] }
        }
        let numbers = coordinates.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "," }) }
        #expect(!numbers.isEmpty)
        for number in numbers {
            #expect(Double(number) != nil)
            #expect((number.split(separator: ".").dropFirst().first?.count ?? 0) <= 2, "\(number)")
        }
    }
}
