import Foundation
import SynthCore
import Harness
import SynthMath
import SynthTable
import Synthesizers

/// Times the `gc` (SDV Gaussian copula) fit and sample on a table: `repeats` fits and `repeats` samples of
/// `sampleRows` rows (default: the table's row count), each figure the best (shortest) run, the usual
/// choice on a shared machine where other load only ever adds time. The two samples drawn with the same
/// seed are compared, so a fast but irreproducible sampler fails the benchmark.
///
/// The budgets and SDV's figures on adult (32,561 x 15, release, one BLAS thread) are in ``ReferenceFigure``.
package struct CopulaBenchmark: Sendable {
    package var repeats: Int
    package var sampleRows: Int?
    package var seed: UInt64
    package var configuration: GaussianCopulaSynthesizer.Configuration

    package init(repeats: Int = 5, sampleRows: Int? = nil, seed: UInt64 = 7,
                configuration: GaussianCopulaSynthesizer.Configuration = .init()) {
        self.repeats = repeats; self.sampleRows = sampleRows; self.seed = seed; self.configuration = configuration
    }

    package struct Result: Codable, Sendable, Equatable {
        package var rows: Int
        package var columns: Int
        package var sampleRows: Int
        package var repeats: Int
        package var blasThreads: Int
        /// Best fit and sample wall times, in seconds.
        package var fitSeconds: Double
        package var sampleSeconds: Double
        /// Every run, in order.
        package var fitRuns: [Double]
        package var sampleRuns: [Double]
        /// The process's peak resident memory (VmHWM) after the runs, in MB (10^6 bytes); nil off Linux.
        package var peakRSSMB: Double?
        /// Column -> fitted distribution name, and the columns whose requested family fell back to norm.
        package var distributions: [String: String]
        package var fallbacks: [String]
    }

    package func run(table: Table, metadata: Metadata) throws -> Result {
        guard repeats >= 1 else {
            throw BenchmarkFailure.invalidParameter(benchmark: "copula", "repeats must be at least 1, got \(repeats)")
        }
        let rows = sampleRows ?? table.rowCount
        guard rows >= 0 else {
            throw BenchmarkFailure.invalidParameter(benchmark: "copula", "sample rows must be at least 0, got \(rows)")
        }
        let context = SynthesisContext()
        let clock = ContinuousClock()
        var fitRuns: [Double] = [], sampleRuns: [Double] = []
        var synthesizer = GaussianCopulaSynthesizer(configuration: configuration)
        for _ in 0..<repeats {
            let s = GaussianCopulaSynthesizer(configuration: configuration)
            fitRuns.append(try clock.measure { try s.fit(table, metadata: metadata, context: context) }.seconds)
            synthesizer = s
        }
        var first: Table? = nil
        for _ in 0..<repeats {
            var sampled: Table? = nil
            sampleRuns.append(try clock.measure {
                sampled = try synthesizer.sample(count: rows, seed: seed, context: context)
            }.seconds)
            if let f = first { if f != sampled { throw BenchmarkFailure.notReproducible } } else { first = sampled }
        }
        var distributions: [String: String] = [:]
        for d in synthesizer.learnedDistributions { distributions[d.column] = d.distribution }
        let fallbacks = (synthesizer.marginals ?? []).filter { $0.fallbackReason != nil }.map(\.column)
        return Result(rows: table.rowCount, columns: table.columnCount, sampleRows: rows, repeats: repeats,
                      blasThreads: BLAS.threads, fitSeconds: fitRuns.min()!, sampleSeconds: sampleRuns.min()!,
                      fitRuns: fitRuns, sampleRuns: sampleRuns, peakRSSMB: ProcessMemory.peakRSSMB(),
                      distributions: distributions, fallbacks: fallbacks)
    }

    /// A `gc` synthetic table of `table`'s row count: the default copula fitted on `table`, sampled with `seed`
    /// (what the quality report and the privacy metrics score in their benches).
    package static func syntheticTable(like table: Table, metadata: Metadata, seed: UInt64) throws -> Table {
        let synthesizer = GaussianCopulaSynthesizer(configuration: .init())
        try synthesizer.fit(table, metadata: metadata, context: SynthesisContext())
        return try synthesizer.sample(count: table.rowCount, seed: seed, context: SynthesisContext())
    }

    /// A stand-in with adult's shape when the dataset is not fetched: 32,561 rows (by default), six
    /// Poisson integer columns (means 38, 190,000, 10, 1,000, 90, 40) and nine Zipf categorical columns
    /// with adult's cardinalities (9, 16, 7, 15, 6, 5, 2, 42, 2), from the synthetic table generator.
    package static func adultShapedTable(rows: Int = 32_561, seed: UInt64 = 1) throws -> (table: Table, metadata: Metadata) {
        let means = [38.0, 190_000, 10, 1_000, 90, 40]
        let cardinalities = [9, 16, 7, 15, 6, 5, 2, 42, 2]
        let spec = SyntheticTableSpec(
            rowCount: rows,
            integers: means.enumerated().map { .init(name: "i\($0.offset)", distribution: .poisson(mean: min(700, $0.element))) },
            categoricals: cardinalities.enumerated().map { .init(name: "c\($0.offset)", cardinality: $0.element, exponent: 1.1) })
        var table = try SyntheticTableGenerator.generate(spec, seed: seed).table
        // Poisson means above 700 are out of the generator's range: scale column i1 to fnlwgt's magnitude.
        if let c = table["i1"], case .integer(let v) = c.values {
            try table.setColumn(Column(name: "i1", values: .integer(v.map { $0 * 271 }), missing: c.missing))
        }
        return (table, Metadata.detect(from: table))
    }
}
