import Foundation
import Testing
import SynthTable
@testable import Evaluation
import SynthTestSupport

/// SDMetrics 0.32's DatetimeFormatAdherence and RegexFormatAdherence rows of the DiagnosticReport, against
/// SDMetrics on the same CSV files (`scripts/reference/sdmetrics_diagnostic_formats.py`, sdmetrics 0.32.0,
/// pandas 2.3.3), read the way `synthbench evaluate` reads a real and a synthetic file.
@Suite struct DiagnosticFormatTests {
    /// `scripts/reference/fixtures/diagnostic-formats/`: a real table and two synthetic ones.
    static let fixtures = RepositoryPaths.path("scripts/reference/fixtures/diagnostic-formats")
    static func fixture(_ name: String) -> String {
        (try? String(contentsOf: fixtures.appendingPathComponent("\(name).csv"), encoding: .utf8)) ?? ""
    }
    static let real = fixture("real"), mixed = fixture("mixed"), valid = fixture("valid")
    static let plain = "[A-Z]{2}-[0-9]{3}"
    static let named = "(?P<prefix>[A-Z]{2})-(?P<number>[0-9]{3})"

    static func metadataJSON(_ regex: String) -> String {
        let escaped = regex.replacingOccurrences(of: "\\", with: "\\\\")
        return """
            {"METADATA_SPEC_VERSION": "SINGLE_TABLE_V1", "primary_key": "id", "columns": {
              "id": {"sdtype": "id", "regex_format": "\(escaped)"},
              "date": {"sdtype": "datetime", "datetime_format": "%Y/%m/%d"},
              "when": {"sdtype": "datetime", "datetime_format": "%d %b %Y"},
              "amount": {"sdtype": "numerical"}, "cat": {"sdtype": "categorical"}}}
            """
    }

    typealias Row = QualityReference.Shape
    static let references: [(String, String, DiagnosticReference)] = [
        (mixed, plain, DiagnosticReference(score: 0.7023809523809523, validity: 0.738095238095238, structure: 0.6666666666666666, columns: [
            .init("id", "KeyUniqueness", 0.6666666666666667, nil), .init("id", "RegexFormatAdherence", 0.6666666666666666, nil),
            .init("date", "BoundaryAdherence", nil, "ValueError"), .init("date", "DatetimeFormatAdherence", 0.6666666666666666, nil),
            .init("when", "BoundaryAdherence", 0.6666666666666666, nil), .init("when", "DatetimeFormatAdherence", 1.0, nil),
            .init("amount", "BoundaryAdherence", 0.6666666666666666, nil), .init("cat", "CategoryAdherence", 0.8333333333333334, nil),
        ])),
        (mixed, named, DiagnosticReference(score: 0.6785714285714286, validity: 0.6904761904761905, structure: 0.6666666666666666, columns: [
            .init("id", "KeyUniqueness", 0.6666666666666667, nil), .init("id", "RegexFormatAdherence", 0.3333333333333333, nil),
            .init("date", "BoundaryAdherence", nil, "ValueError"), .init("date", "DatetimeFormatAdherence", 0.6666666666666666, nil),
            .init("when", "BoundaryAdherence", 0.6666666666666666, nil), .init("when", "DatetimeFormatAdherence", 1.0, nil),
            .init("amount", "BoundaryAdherence", 0.6666666666666666, nil), .init("cat", "CategoryAdherence", 0.8333333333333334, nil),
        ])),
        (valid, plain, DiagnosticReference(score: 0.953125, validity: 0.90625, structure: 1.0, columns: [
            .init("id", "KeyUniqueness", 1.0, nil), .init("id", "RegexFormatAdherence", 1.0, nil),
            .init("date", "BoundaryAdherence", 0.5, nil), .init("date", "DatetimeFormatAdherence", 1.0, nil),
            .init("when", "BoundaryAdherence", 0.75, nil), .init("when", "DatetimeFormatAdherence", 1.0, nil),
            .init("amount", "BoundaryAdherence", 1.0, nil), .init("cat", "CategoryAdherence", 1.0, nil),
        ])),
        (valid, named, DiagnosticReference(score: 0.890625, validity: 0.78125, structure: 1.0, columns: [
            .init("id", "KeyUniqueness", 1.0, nil), .init("id", "RegexFormatAdherence", 0.0, nil),
            .init("date", "BoundaryAdherence", 0.5, nil), .init("date", "DatetimeFormatAdherence", 1.0, nil),
            .init("when", "BoundaryAdherence", 0.75, nil), .init("when", "DatetimeFormatAdherence", 1.0, nil),
            .init("amount", "BoundaryAdherence", 1.0, nil), .init("cat", "CategoryAdherence", 1.0, nil),
        ])),
    ]

    @Test func formatRowsMatchSDMetrics() throws {
        #expect(!Self.mixed.isEmpty && !Self.valid.isEmpty, "fixtures missing under \(Self.fixtures.path)")
        let real = try CSVReader().read(text: Self.real)
        for (synthetic, regex, reference) in Self.references {
            let metadata = try Metadata.detect(from: real, overrides: MetadataDocument.decode(Data(Self.metadataJSON(regex).utf8)))
            let syn = try CSVReader(options: .readingLike(real)).read(text: synthetic)
            let report = DiagnosticReport(real: real, synthetic: syn, metadata: metadata)
            SDMetricsReportTests.check(report, against: reference)
            #expect(abs((report.score ?? .nan) - (reference.score ?? .nan)) <= 1e-9)
        }
    }

    @Test func formatRowsNeedTheFormatInTheMetadata() throws {
        let real = try CSVReader().read(text: Self.real)
        var metadata = Metadata.detect(from: real)
        metadata.columns = metadata.columns.map { var c = $0; c.datetimeFormat = nil; c.regexFormat = nil; return c }
        let report = DiagnosticReport(real: real, synthetic: try CSVReader(options: .readingLike(real)).read(text: Self.valid),
                                      metadata: metadata)
        #expect(!report.dataValidity.contains { $0.metric.hasSuffix("FormatAdherence") })
        // Detected metadata carries the layouts, so the rows are there (negative control of the above).
        let detected = DiagnosticReport(real: real, synthetic: real, metadata: Metadata.detect(from: real))
        #expect(detected.dataValidity.filter { $0.metric == "DatetimeFormatAdherence" }.map(\.score) == [1.0, 1.0])
    }

    @Test func pandasTextOfValues() {
        #expect(RegexFormatAdherence.pandasStrings(.integer("i", [1, nil, 30])) == ["1.0", "nan", "30.0"])
        #expect(RegexFormatAdherence.pandasStrings(.integer("i", [1, 30])) == ["1", "30"])
        #expect(RegexFormatAdherence.pandasStrings(.numerical("x", [1, 2.5, 1e20])) == ["1.0", "2.5", "1e+20"])
        #expect(RegexFormatAdherence.namedGroups("(?P<a>x)(y)(?<b>z)(?<=w)") == ["a", "b"])
        #expect(throws: (any Error).self) { try RegexFormatAdherence.compute(real: .categorical("c", ["a"]),
                                                                              synthetic: .categorical("c", ["a"]), pattern: "[a-") }
    }
}
