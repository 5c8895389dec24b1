import Testing
@testable import Benchmarks
import SynthMath
import SynthTable

/// The copula benchmark on a small table: it runs, reports every run and rejects bad parameters.
@Suite struct CopulaBenchmarkTests {
    @Test func reportsRunsAndDistributions() throws {
        let (table, metadata) = try CopulaBenchmark.adultShapedTable(rows: 400, seed: 3)
        #expect(table.columnCount == 15 && table.rowCount == 400)
        let r = try CopulaBenchmark(repeats: 2, sampleRows: 300, seed: 1).run(table: table, metadata: metadata)
        #expect((r.rows, r.columns, r.sampleRows, r.repeats) == (400, 15, 300, 2))
        #expect(r.fitRuns.count == 2 && r.sampleRuns.count == 2)
        #expect(r.fitSeconds == r.fitRuns.min() && r.sampleSeconds == r.sampleRuns.min())
        #expect(r.distributions.count == 15)
        #expect(r.blasThreads >= 1)
    }

    @Test func rejectsBadParameters() throws {
        let (table, metadata) = try CopulaBenchmark.adultShapedTable(rows: 50, seed: 1)
        #expect(throws: BenchmarkFailure.self) { try CopulaBenchmark(repeats: 0).run(table: table, metadata: metadata) }
        #expect(throws: BenchmarkFailure.self) {
            try CopulaBenchmark(sampleRows: -1).run(table: table, metadata: metadata)
        }
    }
}
