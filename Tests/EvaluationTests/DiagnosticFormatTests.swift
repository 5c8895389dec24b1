import Foundation
import Testing
import SynthTable
@testable import Evaluation

/// SDMetrics 0.32's DatetimeFormatAdherence and RegexFormatAdherence rows of the DiagnosticReport, against
/// SDMetrics on the same CSV text (`scripts/reference/sdmetrics_diagnostic_formats.py`, sdmetrics 0.32.0,
/// pandas 2.3.3), read the way `synthbench evaluate` reads a real and a synthetic file.
@Suite struct DiagnosticFormatTests {
    static let real = """
        id,date,when,amount,cat
        AB-001,2012/01/01,01 Jan 2000,10.5,a
        AB-002,2012/01/02,02 Feb 2000,11.0,b
        AB-003,2012/01/03,03 Mar 2000,12.5,a
        AB-004,2012/01/04,04 Apr 2000,9.5,c
        AB-005,2012/01/05,05 May 2000,10.0,b
        CD-006,2012/01/06,06 Jun 2000,13.0,a
        CD-007,2012/01/07,07 Jul 2000,8.5,b
        CD-008,2012/01/08,08 Aug 2000,11.5,c

        """
    static let mixed = """
        id,date,when,amount,cat
        AB-001,2012/01/03,03 Mar 2000,9.0,a
        AB-001,2012-01-04,01 Jan 2001,14.0,b
        ZZ-9,hello,05 May 2000,10.0,d
        ,,,11.0,a
        CD-123,2012/1/5,07 Jul 2000,12.0,c
        EF-001,2012/01/09,08 Aug 2000,,b

        """
    static let valid = """
        id,date,when,amount,cat
        AB-009,2011/12/31,01 Jan 2000,9.0,a
        CD-010,2012/01/02,02 Feb 2000,10.0,b
        EF-011,2012/01/08,30 Aug 2000,11.0,c
        AB-012,2012/01/09,03 Mar 2000,12.0,a

        """
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
