import Testing
@testable import Benchmarks
import SynthMath
import SynthTable

/// The encoder benchmark on a tiny table: both flavours run and report a consistent layout.
@Suite struct EncoderBenchmarkTests {
    static func table() throws -> (Table, Metadata) {
        var r = RandomStream(seed: 1)
        let table = try Table(columns: [
            .numerical("x", (0..<300).map { _ in r.nextDouble() < 0.5 ? r.nextNormal(mean: -5, std: 1) : r.nextNormal(mean: 5, std: 2) }),
            .categorical("c", (0..<300).map { _ in ["a", "b", "c"][r.nextInt(below: 3)] }),
        ])
        var metadata = Metadata.detect(from: table)
        metadata.columns[0].sdtype = .numerical
        metadata.columns[1].sdtype = .categorical
        return (table, metadata)
    }

    @Test func measuresBothFlavours() throws {
        let (table, metadata) = try Self.table()
        let r = try EncoderBenchmark(table: table, metadata: metadata, repeats: 2, seed: 3).run()
        #expect((r.rows, r.columns, r.repeats, r.seed) == (300, 2, 2, 3))
        #expect(r.measurements.map(\.backend) == ["sdv", "synthcity"])
        for m in r.measurements {
            #expect(m.fitSeconds > 0 && m.transformSeconds > 0 && m.inverseSeconds > 0)
            #expect(m.fitTransformSeconds >= m.fitSeconds && m.fitTransformSeconds >= m.transformSeconds)
            #expect(m.continuousColumns == 1 && m.discreteColumns == 1)
            #expect(m.width == 1 + m.modes["x"]! + 3)
        }
        #expect(r.measurements[1].modes["x"] == 10)
    }

    @Test func rejectsBadParameters() throws {
        let (table, metadata) = try Self.table()
        #expect(throws: BenchmarkFailure.self) { try EncoderBenchmark(table: table, metadata: metadata, repeats: 0).run() }
        #expect(throws: BenchmarkFailure.self) {
            try EncoderBenchmark(table: table, metadata: metadata, backends: [], repeats: 1).run()
        }
    }
}
