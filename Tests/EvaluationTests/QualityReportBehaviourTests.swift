import Foundation
import SynthCore
import Testing
import SynthMath
import SynthTable
@testable import Evaluation

/// What the SDMetrics comparison cannot show: the seeded subsample, input validation, the JSON shape,
/// and the suite wrapper.
@Suite struct QualityReportBehaviourTests {
    static let real = Fixtures.medium(real: true), synthetic = Fixtures.medium(real: false)
    static let metadata = Fixtures.mediumMetadata

    @Test func subsampleIsSeededAndOnlyTouchesContingencyPairs() throws {
        let full = try QualityReport(real: Self.real, synthetic: Self.synthetic, metadata: Self.metadata)
        let a = try QualityReport(real: Self.real, synthetic: Self.synthetic, metadata: Self.metadata,
                                  options: .init(subsampleRows: 120, seed: 1))
        let b = try QualityReport(real: Self.real, synthetic: Self.synthetic, metadata: Self.metadata,
                                  options: .init(subsampleRows: 120, seed: 1))
        let c = try QualityReport(real: Self.real, synthetic: Self.synthetic, metadata: Self.metadata,
                                  options: .init(subsampleRows: 120, seed: 2))
        #expect(a == b)
        #expect(a.columnPairTrends != c.columnPairTrends)
        #expect(a.columnShapes == full.columnShapes)
        for (s, f) in zip(a.columnPairTrends, full.columnPairTrends) {
            if s.metric == "CorrelationSimilarity" { #expect(s == f) }
            else if let x = s.score, let y = f.score { #expect(abs(x - y) < 0.15) }
        }
    }

    @Test func subsamplerDrawsDistinctRowsFromLargerTablesOnly() {
        var sampler = PairSubsampler(realRows: 50, syntheticRows: 20, limit: 30, seed: 9)
        for _ in 0..<5 {
            let (r, s) = sampler.next()
            #expect(s == nil)
            #expect(r!.count == 30 && Set(r!).count == 30 && r!.allSatisfy { (0..<50).contains($0) })
        }
        var idle = PairSubsampler(realRows: 50, syntheticRows: 20, limit: 50, seed: 9)
        #expect(idle.next().real == nil)
    }

    @Test func inputValidation() throws {
        var missing = Self.synthetic
        missing.removeColumn(named: "cat")
        #expect(throws: EvaluationError.missingColumn(table: "synthetic", column: "cat")) {
            try QualityReport(real: Self.real, synthetic: missing, metadata: Self.metadata)
        }
        var extra = Self.synthetic
        try extra.setColumn(.numerical("bonus", Array(repeating: 1, count: extra.rowCount)))
        #expect(throws: EvaluationError.columnNotInMetadata(table: "synthetic", column: "bonus")) {
            try QualityReport(real: Self.real, synthetic: extra, metadata: Self.metadata)
        }
        #expect(throws: EvaluationError.self) {
            try QualityReport(real: Self.real, synthetic: Self.synthetic, metadata: Self.metadata,
                              options: .init(realCorrelationThreshold: 1.5))
        }
        // The diagnostic report records the missing column instead (as SDMetrics does).
        let d = DiagnosticReport(real: Self.real, synthetic: missing, metadata: Self.metadata)
        #expect(d.dataValidity.first { $0.column == "cat" }?.error == "KeyError: 'cat'")
        #expect(d.dataStructureScore! < 1)
    }

    @Test func typeDriftCostsTableStructurePoints() throws {
        var drifted = Self.synthetic
        try drifted.setColumn(.numerical("z", drifted["z"]!.doubles().map { Optional($0) }))  // int64 -> float64
        let d = DiagnosticReport(real: Self.real, synthetic: drifted, metadata: Self.metadata)
        // 7 pairs each, 6 shared: 6 / 8.
        #expect(d.dataStructureScore == 0.75)
    }

    @Test func textInAContinuousColumnIsAnErrorRow() throws {
        let real = try Table(columns: [.categorical("n", ["1", "2", "3"]), .categorical("c", ["a", "b", "a"])])
        let m = Fixtures.metadata(for: real, sdtypes: ["n": .numerical, "c": .categorical])
        let q = try QualityReport(real: real, synthetic: real, metadata: m)
        #expect(q.columnShapes[0].error?.hasPrefix("TypeError") == true)
        #expect(q.columnPairTrends[0].error?.hasPrefix("TypeError") == true && q.columnPairTrends[0].meetsThreshold == nil)
        #expect(q.columnShapesScore == 1)
    }

    @Test func jsonShapeAndRoundTrip() throws {
        let q = try QualityReport(real: Self.real, synthetic: Self.synthetic, metadata: Self.metadata)
        let json = try JSONSerialization.jsonObject(with: Data(try SynthJSON.string(q).utf8)) as! [String: Any]
        #expect(Set(json.keys) == ["report", "score", "properties", "column_shapes", "column_pair_trends",
                                   "num_rows_real_data", "num_rows_synthetic_data", "settings"])
        let pair = (json["column_pair_trends"] as! [[String: Any]])[1]
        #expect(Set(pair.keys) == ["column_1", "column_2", "metric", "score", "real_correlation", "synthetic_correlation",
                                   "real_association", "meets_threshold", "error"])
        #expect(pair["score"] is NSNull && pair["meets_threshold"] as? Bool == false)
        let settings = json["settings"] as! [String: Any]
        #expect(settings["num_rows_subsample"] as? Int == 50_000 && settings["real_association_threshold"] as? Double == 0.3)
        #expect(try JSONDecoder().decode(QualityReport.self, from: Data(try SynthJSON.string(q).utf8)) == q)
        let d = DiagnosticReport(real: Self.real, synthetic: Self.synthetic, metadata: Self.metadata)
        #expect(try JSONDecoder().decode(DiagnosticReport.self, from: Data(try SynthJSON.string(d).utf8)) == d)
    }

    @Test func suiteCarriesTheReportScoresAndDetails() throws {
        let input = EvaluationInput(real: Self.real, synthetic: Self.synthetic, metadata: Self.metadata, seed: 4)
        let r = SDMetricsSuite.suite().evaluate(input)
        #expect(r.errors.isEmpty)
        #expect(abs(r.value("quality_score")! - SDMetricsReference.mediumDefault.score!) < 1e-12)
        #expect(abs(r.value("diagnostic_score")! - SDMetricsReference.mediumDiagnostic.score!) < 1e-12)
        #expect(r["column_pair_trends"]?.details?.arrayCount == 15 && r["data_validity"]?.details?.arrayCount == 7)
        var broken = input
        broken.synthetic.removeColumn(named: "x")
        let b = SDMetricsSuite.suite().evaluate(broken)
        #expect(b["quality_score"]?.status == .error && b["column_shapes"]?.error == b["quality_score"]?.error)
        #expect(b["diagnostic_score"]?.status == .ok)
    }
}
