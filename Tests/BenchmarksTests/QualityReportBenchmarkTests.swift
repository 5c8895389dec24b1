import Foundation
import Testing
@testable import Benchmarks
import SynthMath
import SynthTable

/// The quality-report benchmark on small inputs (speed is never asserted), and — when adult is in the
/// dataset cache and SYNTHBENCH_SLOW_TESTS=1 — the report on adult against SDMetrics' number.
@Suite struct QualityReportBenchmarkTests {
    @Test func adultShapedInputsHaveAdultsShape() {
        let (real, synthetic, metadata) = QualityReportBenchmark.adultShaped(rows: 400, seed: 3)
        #expect(real.columnCount == 15 && synthetic.columnCount == 15 && real.rowCount == 400)
        #expect(real.columns.filter { $0.kind == .integer }.count == 6)
        #expect(metadata.columns.filter { $0.sdtype == .categorical }.count == 9)
        #expect(real == QualityReportBenchmark.adultShaped(rows: 400, seed: 3).real)
        #expect(real != synthetic)
    }

    @Test func benchmarkReportsTheReportItTimed() throws {
        let (real, synthetic, metadata) = QualityReportBenchmark.adultShaped(rows: 500, seed: 2)
        let r = try QualityReportBenchmark(real: real, synthetic: synthetic, metadata: metadata, repeats: 2).run()
        #expect((r.realRows, r.syntheticRows, r.columns, r.pairs, r.repeats) == (500, 500, 15, 105, 2))
        #expect(r.qualitySeconds > 0 && r.diagnosticSeconds > 0)
        #expect(r.qualityScore != nil && r.qualityScore! > 0.5 && r.qualityScore! <= 1)
        #expect(r.diagnosticScore! > 0.9 && r.diagnosticScore! <= 1)  // same generator: nearly all values in range
        #expect(throws: BenchmarkFailure.self) {
            try QualityReportBenchmark(real: real, synthetic: synthetic, metadata: metadata, repeats: 0).run()
        }
    }

    @Test func independentColumnsKeepMarginalsAndAreSeeded() {
        let (real, _, _) = QualityReportBenchmark.adultShaped(rows: 300, seed: 4)
        let a = QualityReportBenchmark.independentColumns(of: real, seed: 1)
        #expect(a == QualityReportBenchmark.independentColumns(of: real, seed: 1))
        #expect(a != real)
        for (x, y) in zip(real.columns, a.columns) {
            #expect(x.doubles().map { $0.isNaN ? -1 : $0 }.sorted() == y.doubles().map { $0.isNaN ? -1 : $0 }.sorted())
        }
    }

    static var adultPath: String? {
        guard ProcessInfo.processInfo.environment["SYNTHBENCH_SLOW_TESTS"] == "1",
              let dir = try? DatasetRegistry.locate() else { return nil }
        let path = dir.appendingPathComponent(".cache/adult.data").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// SDMetrics 0.32.0's QualityReport on adult and `independentColumns(of: adult, seed: 3)`:
    /// 0.8818253550141391, Column Shapes 1.0, Column Pair Trends 0.7636507100282782, from
    /// `scripts/reference/adult_independent_quality.py`, which reads the synthetic table this test writes
    /// when `SYNTHBENCH_WRITE_ADULT_SYNTHETIC` names a CSV file (the opt-in hook; nothing is written
    /// otherwise).
    @Test(.enabled(if: adultPath != nil)) func adultMatchesSDMetrics() throws {
        let names = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
                     "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week",
                     "native-country", "income"]
        let real = try CSVReader(options: CSVOptions(missingTokens: ["?"], trimLeadingSpaces: true, hasHeader: false,
                                                     columnNames: names)).read(path: Self.adultPath!)
        var metadata = Metadata.detect(from: real)
        for i in metadata.columns.indices {
            metadata.columns[i].sdtype = metadata.columns[i].kind == .categorical ? .categorical : .numerical
        }
        metadata.primaryKey = nil
        let synthetic = QualityReportBenchmark.independentColumns(of: real, seed: 3)
        if let out = ProcessInfo.processInfo.environment["SYNTHBENCH_WRITE_ADULT_SYNTHETIC"], !out.isEmpty {
            try CSVWriter().write(synthetic, to: out)
        }
        let r = try QualityReportBenchmark(real: real, synthetic: synthetic, metadata: metadata, repeats: 1).run()
        #expect(abs(r.qualityScore! - 0.8818253550141391) < 1e-12)
        #expect(abs(r.columnShapes! - 1.0) < 1e-12)
        #expect(abs(r.columnPairTrends! - 0.7636507100282782) < 1e-12)
    }
}
