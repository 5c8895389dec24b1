import Testing
@testable import Harness
import SynthMath
import SynthTable

/// The benchmarks on tiny inputs: they run, report consistent figures and reject bad parameters.
/// (Speed itself is never asserted.)
@Suite struct BenchmarkTests {
    @Test func csvBenchmarkReportsConsistentFigures() throws {
        let bench = CSVBenchmark(rows: 300, columns: 3, repeats: 2, seed: 9)
        let r = try bench.run()
        #expect((r.rows, r.columns, r.repeats, r.seed) == (300, 3, 2, 9))
        #expect(r.bytes == (try CSVWriter().encode(bench.table())).count)
        #expect(r.readSeconds > 0 && r.writeSeconds > 0)
        #expect(abs(r.readMBPerSecond - Double(r.bytes) / 1e6 / r.readSeconds) < 1e-9 * r.readMBPerSecond)
        #expect(abs(r.readRowsPerSecond - 300 / r.readSeconds) < 1e-9 * r.readRowsPerSecond)
        #expect(abs(r.writeMBPerSecond - Double(r.bytes) / 1e6 / r.writeSeconds) < 1e-9 * r.writeMBPerSecond)
    }

    @Test func csvBenchmarkTableIsSeeded() {
        #expect(CSVBenchmark(rows: 50, columns: 2, seed: 1).table() == CSVBenchmark(rows: 50, columns: 2, seed: 1).table())
        #expect(CSVBenchmark(rows: 50, columns: 2, seed: 1).table() != CSVBenchmark(rows: 50, columns: 2, seed: 2).table())
    }

    @Test func csvBenchmarkRejectsBadParameters() {
        for bench in [CSVBenchmark(rows: 0), CSVBenchmark(columns: 0), CSVBenchmark(repeats: 0)] {
            #expect(throws: CSVBenchmark.Failure.self) { try bench.run() }
        }
    }

    @Test func blasBenchmarkMeasuresEachShape() throws {
        let shapes = [BLASBenchmark.Shape(m: 16, k: 8, n: 4), BLASBenchmark.Shape(m: 3, k: 5, n: 7)]
        let r = try BLASBenchmark(shapes: shapes, batches: 2, minimumBatchSeconds: 0.002).run()
        #expect(r.measurements.map(\.shape) == shapes)
        #expect(r.threads == BLAS.threads)
        #expect(r.coreName == BLAS.coreName && !r.coreName.isEmpty)
        for m in r.measurements {
            #expect(m.bestBatchSeconds > 0 && m.callsPerBatch >= 1 && m.batches == 2)
            let flops = 2.0 * Double(m.shape.m * m.shape.k * m.shape.n * m.callsPerBatch)
            #expect(abs(m.gflops - flops / m.bestBatchSeconds / 1e9) < 1e-9 * m.gflops)
        }
    }

    @Test func blasBenchmarkRejectsBadParameters() {
        for bench in [BLASBenchmark(batches: 0), BLASBenchmark(minimumBatchSeconds: 0),
                      BLASBenchmark(shapes: [.init(m: 0, k: 1, n: 1)])] {
            #expect(throws: BLASBenchmark.Failure.self) { try bench.run() }
        }
    }
}
