import Testing
@testable import Benchmarks
import SynthMath
import SynthTable
import Synthesizers

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
            #expect(throws: BenchmarkFailure.self) { try bench.run() }
        }
        let failure = #expect(throws: BenchmarkFailure.self) { try CSVBenchmark(rows: 0).run() }
        #expect(failure?.description == "invalid CSV benchmark parameter: rows must be positive, got 0")
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
            #expect(throws: BenchmarkFailure.self) { try bench.run() }
        }
    }
}

/// `bench ctgan|tvae` on a tiny table: one epoch runs through the registry and the projection is
/// consistent with the measured figures.
@Suite struct NeuralBenchmarkTests {
    static func table() -> Table {
        var r = RandomStream(seed: 3)
        var x: [Double?] = [], c: [String?] = []
        for _ in 0..<200 {
            x.append(r.nextNormal() * 10 + 50)
            c.append(r.nextDouble() < 0.7 ? "a" : "b")
        }
        return try! Table(columns: [.numerical("x", x), .categorical("c", c)])
    }

    @Test(arguments: ["ctgan", "tvae"])
    func oneEpochProjectsTheDefault(method: String) throws {
        let t = Self.table()
        let r = try NeuralBenchmark(method: method, backend: .sdv, epochs: 1, table: t, metadata: Metadata.detect(from: t)).run()
        #expect(r.method == method && r.backend == "sdv" && r.rows == 200 && r.columns == 2)
        #expect(r.epochs == 1 && r.defaultEpochs == 300)
        #expect(r.secondsPerEpoch > 0 && r.preprocessingSeconds > 0)
        #expect(abs(r.projectedDefaultSeconds - (r.preprocessingSeconds + 300 * r.secondsPerEpoch)) < 1e-9)
        #expect(r.encodedWidth > 2 && !r.parameters.isEmpty)
    }

    @Test func rejectsOtherMethodsAndZeroEpochs() {
        let t = Self.table()
        #expect(throws: (any Error).self) {
            _ = try NeuralBenchmark(method: "ctgan", backend: .sdv, epochs: 0, table: t, metadata: Metadata.detect(from: t)).run()
        }
        #expect(throws: (any Error).self) {
            _ = try NeuralBenchmark(method: "no-such", backend: .sdv, epochs: 1, table: t, metadata: Metadata.detect(from: t)).run()
        }
    }
}

/// The reference figures: stated once, each with its source, printed as the commands print them.
@Suite struct ReferenceFigureTests {
    @Test func figuresPrintWithTheirSource() {
        #expect(ReferenceFigure.sdvCopulaFit.text == "5.2 s" && ReferenceFigure.sdvCopulaFit.citation == "SDV 2.0")
        #expect(ReferenceFigure.sdvCopulaPeakMemory.text == "720 MB")
        #expect(ReferenceFigure.sdmetricsQualityReport.citation == "SDMetrics 0.32")
        #expect(ReferenceFigure.copulaFitBudget.citation == "issue 3" && ReferenceFigure.copulaFitBudget.kind == .budget)
        let ids = ReferenceFigure.all.map { "\($0.kind) \($0.source) \($0.key)" }
        #expect(Set(ids).count == ids.count)
        #expect(ReferenceFigure.all.allSatisfy { $0.value > 0 && !$0.provenance.isEmpty })
    }

    @Test func copulaBenchReportsSDVsFiguresByKey() throws {
        let (table, metadata) = try CopulaBenchmark.adultShapedTable(rows: 300, seed: 2)
        let r = try CopulaAndReportBenchmark(repeats: 1, seed: 3).run(table: table, metadata: metadata)
        #expect(r.reference == ["fit_s": 5.2, "sample_s": 0.54, "quality_report_s": 0.76, "peak_mb": 720])
        #expect(r.copula.sampleRows == 300 && r.report.syntheticRows == 300 && r.report.pairs == 105)
        let synthetic = try CopulaBenchmark.syntheticTable(like: table, metadata: metadata, seed: 3)
        #expect(synthetic == (try CopulaBenchmark.syntheticTable(like: table, metadata: metadata, seed: 3)))
        #expect(synthetic != (try CopulaBenchmark.syntheticTable(like: table, metadata: metadata, seed: 4)))
    }

    @Test func piiBenchTimesTheCasesItIsAskedFor() throws {
        let r = try PIIBenchmark(count: 500, repeats: 1, only: "email").run()
        #expect(r.measurements.map(\.name) == ["email", "email, unique (key)"])
        #expect(r.measurements.allSatisfy { $0.cpuSeconds >= 0 && $0.valuesPerSecond == 500 / $0.cpuSeconds })
        #expect(throws: BenchmarkFailure.self) { try PIIBenchmark(count: 10, repeats: 1, only: "no such sdtype").run() }
    }
}

/// `bench ddpm` on a tiny table: the FLOP count against a layer-by-layer hand count, and the figures of a
/// short step-budget fit consistent with each other.
@Suite struct DiffusionBenchmarkTests {
    @Test func layerProductsCountEveryLinearLayer() {
        // Input width 3, embedding 4, hidden [5, 6]: projection 3x4, time MLP 4x4 twice, body 4x5, 5x6, 6x3.
        let (all, noGradient) = DiffusionBenchmark.layerProducts(inputWidth: 3, embedding: 4, hidden: [5, 6])
        #expect(all == Double(3 * 4 + 4 * 4 + 4 * 4 + 4 * 5 + 5 * 6 + 6 * 3))
        // The projection of x_t and the first time layer need no input gradient.
        #expect(noGradient == Double(3 * 4 + 4 * 4))
    }

    @Test func theReplayedProductsAreTheStepsCalls() {
        // Batch 7, input width 3, embedding 4, hidden [5, 6].
        let calls = DiffusionBenchmark.trainingProducts(batch: 7, inputWidth: 3, embedding: 4, hidden: [5, 6])
        typealias P = DiffusionBenchmark.Product
        let forward = [P(m: 7, n: 4, k: 3, transposeA: false, transposeB: true), P(m: 7, n: 4, k: 4, transposeA: false, transposeB: true),
                       P(m: 7, n: 4, k: 4, transposeA: false, transposeB: true), P(m: 7, n: 5, k: 4, transposeA: false, transposeB: true),
                       P(m: 7, n: 6, k: 5, transposeA: false, transposeB: true), P(m: 7, n: 3, k: 6, transposeA: false, transposeB: true)]
        #expect(Array(calls.prefix(6)) == forward)
        // Backward: a weight gradient per layer, an input gradient for all but the projection and the first time layer.
        #expect(calls.count == 6 + 6 + 4)
        #expect(calls[6] == P(m: 3, n: 6, k: 7, transposeA: true, transposeB: false))
        #expect(calls[7] == P(m: 7, n: 6, k: 3, transposeA: false, transposeB: false))
        #expect(calls.last == P(m: 4, n: 3, k: 7, transposeA: true, transposeB: false))
        // Their FLOPs are the bench's count for the step, 2 b (3 Σ in·out − Σ without input gradient).
        let (all, noGradient) = DiffusionBenchmark.layerProducts(inputWidth: 3, embedding: 4, hidden: [5, 6])
        #expect(calls.reduce(0) { $0 + $1.flops } == 2 * 7 * (3 * all - noGradient))
        // Sampling: the projection and the body forward, the time layers left out.
        let sampling = DiffusionBenchmark.samplingProducts(rows: 9, inputWidth: 3, embedding: 4, hidden: [5, 6])
        #expect(sampling.reduce(0) { $0 + $1.flops } == 2 * 9 * (all - 2 * 16))
    }

    @Test func aStepBudgetCountsItsStepsAndProjectsTheFullChain() throws {
        let t = NeuralBenchmarkTests.table()
        // 200 rows in batches of 64: 4 steps per pass; a budget of 3 steps ends inside the first pass.
        let parameters: [String: ParameterValue] = [
            "steps": .int(3), "batch_size": .int(64), "num_timesteps": .int(10), "sample_steps": .int(4),
            "n_layers_hidden": .int(1), "n_units_hidden": .int(16), "dim_embed": .int(8), "strict": .bool(false)]
        let r = try DiffusionBenchmark(parameters: parameters, table: t, metadata: Metadata.detect(from: t)).run()
        #expect(r.stepsRun == 3 && r.stepsPerEpoch == 4 && r.batchSize == 64 && r.sampleSteps == 4)
        // Without the step budget the run is SynthCity's 1000 epochs.
        #expect(r.plannedSteps == 4000)
        #expect(r.cpuSecondsPerStep > 0 && r.sampleCPUSeconds > 0 && r.sgemmGflops > 0 && r.sampleSgemmGflops > 0)
        #expect(abs(r.trainingGflops - r.trainingFlopsPerStep / r.cpuSecondsPerStep / 1e9) < 1e-9 * r.trainingGflops)
        let projected = 4000 * r.cpuSecondsPerStep + r.sampleCPUSeconds * 10 / 4
        #expect(abs(r.projectedSeconds - projected) < 1e-9 * projected)
        let floor = 4000 * r.trainingFlopsPerStep / (r.sgemmGflops * 1e9) + 10 * r.sampleFlopsPerStep / (r.sampleSgemmGflops * 1e9)
        #expect(abs(r.flopFloorSeconds - floor) < 1e-9 * floor)
    }
}
