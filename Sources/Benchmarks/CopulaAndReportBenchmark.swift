import SynthCore
import Foundation
import Harness
import SynthTable

/// `synthbench bench copula`: the Gaussian copula's fit and sample (``CopulaBenchmark``), the quality and
/// diagnostic reports on one sample of the table's size (``QualityReportBenchmark``), and the process's
/// peak memory after all of it, beside SDV's figures (``ReferenceFigure/sdvCopula``).
package struct CopulaAndReportBenchmark: Sendable {
    package var repeats: Int
    /// Seed of the samples the copula benchmark times and of the sample the reports score.
    package var seed: UInt64

    package init(repeats: Int = 5, seed: UInt64 = 7) {
        self.repeats = repeats; self.seed = seed
    }

    package struct Result: Encodable, Sendable {
        package var copula: CopulaBenchmark.Result
        package var report: QualityReportBenchmark.Result
        /// VmHWM after the fits, samples and reports, in MB; nil off Linux.
        package var peakRSSMB: Double?
        /// SDV's figures by key (`fit_s`, `sample_s`, `quality_report_s`, `peak_mb`).
        package var reference: [String: Double]
    }

    package func run(table: Table, metadata: Metadata) throws -> Result {
        let copula = try CopulaBenchmark(repeats: repeats, seed: seed).run(table: table, metadata: metadata)
        let synthetic = try CopulaBenchmark.syntheticTable(like: table, metadata: metadata, seed: seed)
        let report = try QualityReportBenchmark(real: table, synthetic: synthetic, metadata: metadata,
                                                repeats: repeats).run()
        let reference = Dictionary(uniqueKeysWithValues: ReferenceFigure.sdvCopula.map { ($0.key, $0.value) })
        return Result(copula: copula, report: report, peakRSSMB: ProcessMemory.peakRSSMB(),
                      reference: reference)
    }
}
