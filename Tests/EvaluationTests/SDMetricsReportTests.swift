import Foundation
import Testing
import SynthTable
@testable import Evaluation
import SynthTestSupport

/// The Quality and Diagnostic reports against SDMetrics 0.32.0's numbers on the same tables.
@Suite struct SDMetricsReportTests {
    static let tolerance = 1e-12

    static func errorType(_ e: String?) -> String? { e.map { String($0.split(separator: ":")[0]) } }

    static func check(_ report: QualityReport, against ref: QualityReference) {
        #expect(isClose(report.score, ref.score, abs: Self.tolerance), "overall \(String(describing: report.score)) vs \(String(describing: ref.score))")
        #expect(isClose(report.columnShapesScore, ref.shapes, abs: Self.tolerance))
        #expect(isClose(report.columnPairTrendsScore, ref.pairs, abs: Self.tolerance))
        #expect(report.columnShapes.count == ref.columnShapes.count)
        for (got, want) in zip(report.columnShapes, ref.columnShapes) {
            #expect(got.column == want.column && got.metric == want.metric)
            #expect(isClose(got.score, want.score, abs: Self.tolerance), "\(got.column): \(String(describing: got.score)) vs \(String(describing: want.score))")
            #expect(errorType(got.error) == want.error, "\(got.column): \(String(describing: got.error))")
        }
        #expect(report.columnPairTrends.count == ref.columnPairs.count)
        for (got, want) in zip(report.columnPairTrends, ref.columnPairs) {
            let pair = "\(got.column1)/\(got.column2)"
            #expect(got.column1 == want.column1 && got.column2 == want.column2 && got.metric == want.metric, "\(pair)")
            #expect(isClose(got.score, want.score, abs: Self.tolerance), "\(pair) score \(String(describing: got.score)) vs \(String(describing: want.score))")
            #expect(isClose(got.realCorrelation, want.realCorrelation, abs: Self.tolerance), "\(pair) real r")
            #expect(isClose(got.syntheticCorrelation, want.syntheticCorrelation, abs: Self.tolerance), "\(pair) synthetic r")
            #expect(isClose(got.realAssociation, want.realAssociation, abs: Self.tolerance), "\(pair) V \(String(describing: got.realAssociation))")
            #expect(got.meetsThreshold == want.meets, "\(pair) meets")
            #expect(errorType(got.error) == want.error, "\(pair) error \(String(describing: got.error))")
        }
    }

    static func check(_ report: DiagnosticReport, against ref: DiagnosticReference) {
        #expect(isClose(report.score, ref.score, abs: Self.tolerance))
        #expect(isClose(report.dataValidityScore, ref.validity, abs: Self.tolerance))
        #expect(isClose(report.dataStructureScore, ref.structure, abs: Self.tolerance))
        #expect(report.dataValidity.count == ref.columns.count)
        for (got, want) in zip(report.dataValidity, ref.columns) {
            #expect(got.column == want.column && got.metric == want.metric)
            #expect(isClose(got.score, want.score, abs: Self.tolerance), "\(got.column): \(String(describing: got.score)) vs \(String(describing: want.score))")
            #expect(errorType(got.error) == want.error)
        }
    }

    static let noThresholds = QualityReport.Options(realCorrelationThreshold: 0, realAssociationThreshold: 0)

    @Test func mediumTablesMatchSDMetrics() throws {
        let real = Fixtures.medium(real: true), syn = Fixtures.medium(real: false), m = Fixtures.mediumMetadata
        Self.check(try QualityReport(real: real, synthetic: syn, metadata: m), against: SDMetricsReference.mediumDefault)
        Self.check(try QualityReport(real: real, synthetic: syn, metadata: m, options: Self.noThresholds),
                   against: SDMetricsReference.mediumNoThreshold)
        Self.check(DiagnosticReport(real: real, synthetic: syn, metadata: m), against: SDMetricsReference.mediumDiagnostic)
    }

    @Test func degenerateColumnsMatchSDMetrics() throws {
        let real = Fixtures.degenerate(real: true), syn = Fixtures.degenerate(real: false), m = Fixtures.degenerateMetadata
        Self.check(try QualityReport(real: real, synthetic: syn, metadata: m), against: SDMetricsReference.degenerateDefault)
        Self.check(try QualityReport(real: real, synthetic: syn, metadata: m, options: Self.noThresholds),
                   against: SDMetricsReference.degenerateNoThreshold)
        Self.check(DiagnosticReport(real: real, synthetic: syn, metadata: m), against: SDMetricsReference.degenerateDiagnostic)
    }

    @Test func zeroRowTablesMatchSDMetrics() throws {
        let real = Fixtures.degenerate(real: true), syn = Fixtures.degenerate(real: false), m = Fixtures.degenerateMetadata
        let noSyn = syn.selectingRows([]), noReal = real.selectingRows([])
        Self.check(try QualityReport(real: real, synthetic: noSyn, metadata: m), against: SDMetricsReference.emptySyntheticDefault)
        Self.check(try QualityReport(real: noReal, synthetic: syn, metadata: m, options: Self.noThresholds),
                   against: SDMetricsReference.emptyRealNoThreshold)
        Self.check(DiagnosticReport(real: real, synthetic: noSyn, metadata: m), against: SDMetricsReference.emptySyntheticDiagnostic)
        Self.check(DiagnosticReport(real: noReal, synthetic: syn, metadata: m), against: SDMetricsReference.emptyRealDiagnostic)
    }
}
