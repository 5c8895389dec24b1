import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Harness
import SynthTestSupport

/// A CSV of daily weather rows with `%Y/%m/%d` dates goes through the whole pipeline (detection, fit,
/// sample, `synthetic.csv`) and comes back as dates in range, in the same layout.
@Suite struct DatetimeRoundTripTests {
    /// 366 days of 2012 with a seasonal temperature and a weather label, written `2012/01/01`.
    static func weatherCSV() -> String {
        var rng = RandomStream(seed: 11)
        let day = DatetimeFormat("%Y/%m/%d")
        let start = day.parse("2012/01/01".utf8)!
        var lines = ["date,temp_max,weather"]
        for d in 0..<366 {
            let temp = 15 - 10 * cos(Double(d) / 366 * 2 * .pi) + 3 * (rng.nextDouble() - 0.5)
            let weather = temp > 18 ? "sun" : (rng.nextDouble() < 0.5 ? "rain" : "drizzle")
            lines.append("\(day.format(start + Double(d) * 86400)),\(String(format: "%.1f", temp)),\(weather)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether `text` is a `YYYY/MM/DD` date within 2012.
    static func isDate2012(_ text: Substring) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              DatetimeFormat("%Y/%m/%d").parse(text.utf8) != nil else { return false }
        return text >= "2012/01/01" && text <= "2012/12/31"
    }

    @Test func dateCheckRejectsOtherText() {
        #expect(Self.isDate2012("2012/02/29"))
        for bad in ["2012-02-29", "2013/01/01", "2011/12/31", "hjeyfmb9pr", "2012/2/29", "2012/02/30"] {
            #expect(!Self.isDate2012(Substring(bad)), "\(bad)")
        }
    }

    @Test(arguments: ["gc", "uniform", "column"])
    func weatherDatesSynthesizeInRangeAndLayout(method: String) throws {
        let dir = try SynthBenchBinary.temporaryDirectory("weather-\(method)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("weather.csv")
        try Self.weatherCSV().write(to: csv, atomically: true, encoding: .utf8)
        let config = RunConfig(data: .file(path: csv.path, metadata: nil), method: method, backend: .sdv, seed: 3,
                               fetchIfMissing: false, suites: ["sdmetrics"])
        let outcome = try Pipeline(config: config).run()
        #expect(outcome.data.metadata[column: "date"]?.sdtype == .datetime)
        #expect(outcome.data.metadata[column: "date"]?.datetimeFormat == "%Y/%m/%d")
        try RunArtifacts.write(outcome, to: dir, includeTimings: false)
        let text = try String(contentsOf: dir.appendingPathComponent("synthetic.csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst()
        #expect(rows.count == 366)
        let dates = rows.map { $0.split(separator: ",", omittingEmptySubsequences: false)[0] }
        let bad = dates.filter { !Self.isDate2012($0) }
        #expect(bad.isEmpty, "\(method): \(bad.prefix(5))")
        #expect(Set(dates).count > 30, "\(method) should spread the dates")
    }
}

/// `synthbench evaluate` on CSV files whose metadata carries `datetime_format` and `regex_format`: the
/// diagnostic score SDMetrics 0.32 gives the same files (`scripts/reference/sdmetrics_diagnostic_formats.py`
/// on `scripts/reference/fixtures/diagnostic-formats/`, fixture "mixed", plain regex).
@Suite struct EvaluateFormatRowsTests {
    @Test func evaluateDiagnosticScoreMatchesSDMetrics() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("evaluate-formats")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixtures = RepositoryPaths.path("scripts/reference/fixtures/diagnostic-formats")
        for (name, file) in [("real.csv", "real.csv"), ("syn.csv", "mixed.csv")] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(file), to: dir.appendingPathComponent(name))
        }
        let metadata = #"{"primary_key": "id", "columns": {"id": {"sdtype": "id", "regex_format": "[A-Z]{2}-[0-9]{3}"}, "cat": {"sdtype": "categorical"}}}"#
        try metadata.write(to: dir.appendingPathComponent("meta.json"), atomically: true, encoding: .utf8)
        let out = try SynthBenchBinary.run(["evaluate", "--real", "real.csv", "--metadata", "meta.json", "--synthetic", "syn.csv",
                                            "--json", "scores.json"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("scores.json")))
        let suites = try #require(json as? [[String: Any]])
        let metrics = try #require(suites.first?["metrics"] as? [[String: Any]])
        let score = try #require(metrics.first { $0["id"] as? String == "sdmetrics.diagnostic_score" }?["value"] as? Double)
        #expect(abs(score - 0.7023809523809523) <= 1e-9, "\(score)")
    }
}
