import CBLAS
import Foundation
import SynthCore
import Harness
import SynthMath
import SynthTable
import Synthesizers
import Synchronization

/// `synthbench bench ddpm`: fits `ddpm` through its registry entry for a few epochs (or steps), samples
/// the table's row count, and sets the measured times against the work done: the FLOPs of the denoiser's
/// matrix products per training step and per sampling step, and this machine's sgemm rate at the
/// training step's main shape, so the fraction of the sgemm rate reached and the projection of the
/// default run to its FLOP floor can be read off.
///
/// FLOP count: a `Linear(in, out)` on `m` rows costs `2 m in out` forward; backward `2 m in out` for the
/// weight gradient plus `2 m in out` for the input gradient, except the first layers of the two inputs
/// that need none (the projection of `x_t`, the first time-embedding layer). Sampling steps run the
/// network forward, the time embedding once per step for all rows. Elementwise work (activations, the
/// loss, the diffusion updates) is not counted; it is what keeps a step below the sgemm rate.
package struct DiffusionBenchmark: Sendable {
    package var parameters: [String: ParameterValue]
    package var table: Table
    package var metadata: Metadata
    package var seed: UInt64

    package init(parameters: [String: ParameterValue], table: Table, metadata: Metadata, seed: UInt64 = 1) {
        self.parameters = parameters; self.table = table; self.metadata = metadata; self.seed = seed
    }

    package struct Result: Codable, Sendable, Equatable {
        package var rows: Int
        package var columns: Int
        package var inputWidth: Int
        package var hidden: [Int]
        package var batchSize: Int
        package var timesteps: Int
        package var sampleSteps: Int
        /// Training steps measured (the whole budget of the short fit, a partial last pass included).
        package var stepsRun: Int
        package var plannedSteps: Int
        package var stepsPerEpoch: Int
        /// Wall seconds per training step and per epoch (what a user waits; inflated by other processes).
        package var secondsPerStep: Double
        package var secondsPerEpoch: Double
        /// Process CPU seconds per training step (one BLAS thread: the time the step computed).
        package var cpuSecondsPerStep: Double
        /// The training thread's CPU seconds per step in the early and in the late epochs
        /// (``EpochCPUTimes/earlyAndLate(_:)``; from 3 whole epochs on): a cost that grows with training shows
        /// as late above early, which a two-epoch run cannot see (the subnormal AdamW moments of
        /// docs/ddpm.md appeared from epoch 22).
        package var earlyStepCPUSeconds: Double?
        package var lateStepCPUSeconds: Double?
        package var trainingFlopsPerStep: Double
        /// Training GFLOP/s over CPU time.
        package var trainingGflops: Double
        /// Wall and CPU seconds of sampling the table's row count through the visited steps.
        package var sampleSeconds: Double
        package var sampleCPUSeconds: Double
        package var sampleFlopsPerStep: Double
        /// Sampling GFLOP/s over CPU time.
        package var sampleGflops: Double
        /// sgemm's rate over CPU time at the training step's main product, measured in this process.
        package var sgemmGflops: Double
        package var sgemmShape: String
        /// sgemm's rate over CPU time at the sampling step's main product (the sampling batch's rows).
        package var sampleSgemmGflops: Double
        package var sampleSgemmShape: String
        /// The same sgemm rates over wall time (best batch), for comparison with older figures.
        package var sgemmWallGflops: Double
        /// Projected CPU seconds of the planned fit (all planned epochs or steps) plus sampling the table's
        /// row count through the whole reverse chain (all `T` timesteps, the sampling time scaled by
        /// `T / sampleSteps`).
        package var projectedSeconds: Double
        /// The same work at the sgemm rates (training at ``sgemmGflops``, sampling at ``sampleSgemmGflops``).
        package var flopFloorSeconds: Double
        /// The training step's own matrix products (``trainingProducts(batch:inputWidth:embedding:hidden:)``),
        /// replayed alone in this process: their GFLOP/s over CPU time. A step whose elementwise passes cost
        /// nothing would reach this rate, so `stepProductsGflops / sgemmGflops` bounds what fusing them can give.
        package var stepProductsGflops: Double?
        /// The same for one sampling step's forward products over a sampling batch (the time embedding's
        /// single row left out).
        package var sampleProductsGflops: Double?
        package var peakRSSMB: Double?
        package var blasCore: String
        package var blasThreads: Int
    }

    /// `Σ in·out` over the denoiser's linear layers, and the share without input gradient.
    static func layerProducts(inputWidth d: Int, embedding e: Int, hidden: [Int]) -> (all: Double, noInputGradient: Double) {
        let widths = [e] + hidden + [d]
        var body = 0.0
        for i in 0..<(widths.count - 1) { body += Double(widths[i] * widths[i + 1]) }
        let projection = Double(d * e), time = Double(e * e)
        return (body + projection + 2 * time, projection + time)
    }

    /// One sgemm of a step: `C (m x n) = op(A) op(B)` with `k` the inner size, as the step calls it.
    package struct Product: Equatable, Sendable {
        package var m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool
        package var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    }

    /// The sgemm calls of one training step on `b` rows, in the order the step makes them: forward
    /// `x Wᵀ` for the projection, the two time layers and the body; backward, per layer from the last,
    /// `dW = Gzᵀ x` and (except for the projection and the first time layer) `dx = Gz W`. Their FLOPs sum
    /// to the step's count.
    package static func trainingProducts(batch b: Int, inputWidth d: Int, embedding e: Int, hidden: [Int]) -> [Product] {
        let body = zip([e] + hidden, hidden + [d]).map { (input: $0, output: $1) }
        let layers: [(input: Int, output: Int, inputGradient: Bool)] =
            [(d, e, false), (e, e, false), (e, e, true)] + body.map { ($0.input, $0.output, true) }
        var calls = layers.map { Product(m: b, n: $0.output, k: $0.input, transposeA: false, transposeB: true) }
        for l in layers.reversed() {
            calls.append(Product(m: l.output, n: l.input, k: b, transposeA: true, transposeB: false))
            if l.inputGradient { calls.append(Product(m: b, n: l.input, k: l.output, transposeA: false, transposeB: false)) }
        }
        return calls
    }

    /// The forward products of one sampling step on `rows` rows (the time embedding, one row, left out).
    package static func samplingProducts(rows: Int, inputWidth d: Int, embedding e: Int, hidden: [Int]) -> [Product] {
        zip([d, e] + hidden, [e] + hidden + [d]).map {
            Product(m: rows, n: $1, k: $0, transposeA: false, transposeB: true)
        }
    }

    /// GFLOP/s over process CPU time of `products` called in turn, best of 5 batches (each at least 0.2 s).
    static func replayRate(_ products: [Product], seed: UInt64) -> Double {
        let size = products.map { max($0.m * $0.k, $0.k * $0.n, $0.m * $0.n) }.max() ?? 0
        var rng = RandomStream(seed: seed)
        var a = [Float](repeating: 0, count: size), b = a, c = a
        a.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
        b.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
        let flops = products.reduce(0) { $0 + $1.flops }
        func batch(_ repeats: Int) -> Double {
            let cpu0 = processCPUSeconds()
            for _ in 0..<repeats {
                for p in products {
                    cblas_sgemm(CblasRowMajor, p.transposeA ? CblasTrans : CblasNoTrans, p.transposeB ? CblasTrans : CblasNoTrans,
                                Int32(p.m), Int32(p.n), Int32(p.k), 1, a, Int32(p.transposeA ? p.m : p.k),
                                b, Int32(p.transposeB ? p.k : p.n), 0, &c, Int32(p.n))
                }
            }
            return processCPUSeconds() - cpu0
        }
        _ = batch(1)
        var repeats = 1
        while batch(repeats) < 0.2 { repeats *= 2 }
        let best = (0..<5).map { _ in batch(repeats) }.min()!
        return flops * Double(repeats) / best / 1e9
    }

    /// Measures with `parameters` (a short run: few epochs or steps) and projects to the run that
    /// `parameters` without `n_iter`, `epochs` and `steps` would make (the preset's default length), with the
    /// full reverse chain. Rates are over process CPU time (one BLAS thread), the sgemm rates measured in
    /// the same process, so the fractions hold on a loaded machine; wall times are reported beside them.
    package func run() throws -> Result {
        let descriptor = try MethodFactory.resolve(method: "ddpm", backend: .synthcity).descriptor
        let options = try MethodCatalog.ddpmOptions(descriptor.resolve(parameters))
        let planned = try MethodCatalog.ddpmOptions(descriptor.resolve(
            parameters.filter { !["n_iter", "epochs", "steps"].contains($0.key) })).configuration.training
        let synthesizer = DiffusionSynthesizer(options: options)
        // CPU time from the start of training (after encoding) to the end of the fit.
        let trainStart = Mutex<Double?>(nil)
        let context = SynthesisContext(progress: { event in
            if case .stage("train") = event { trainStart.withLock { $0 = processCPUSeconds() } }
        }, seed: seed)
        try synthesizer.fit(table, metadata: metadata, context: context)
        let trainingCPU = processCPUSeconds() - (trainStart.withLock { $0 } ?? .nan)
        let clock = ContinuousClock()
        let t0 = clock.now, cpu0 = processCPUSeconds()
        _ = try synthesizer.sample(count: table.rowCount, seed: seed &+ 1, context: SynthesisContext())
        let sampleCPU = processCPUSeconds() - cpu0
        let sampleSeconds = (clock.now - t0).seconds
        let model = synthesizer.model!
        let c = options.configuration
        let n = table.rowCount, b = min(c.batchSize, n), stepsPerEpoch = (n + b - 1) / b
        let history = model.history
        let stepsRun: Int = switch c.training {
        case .epochs(let e): e * stepsPerEpoch
        case .steps(let s): s
        }
        let secondsPerStep = history.secondsPerEpoch * Double(history.epochsRun) / Double(stepsRun)
        let cpuPerStep = trainingCPU / Double(stepsRun)
        let wholeEpochs: Bool = if case .epochs = c.training { true } else { false }
        let earlyLate = wholeEpochs ? EpochCPUTimes.earlyAndLate(model.epochCPU.seconds) : nil
        let (all, noGradient) = Self.layerProducts(inputWidth: model.inputWidth, embedding: c.embeddingWidth, hidden: c.hidden)
        let trainFlops = 2 * Double(b) * (3 * all - noGradient)
        let e = Double(c.embeddingWidth)
        let visited = model.samplingTimesteps.count
        let sampleFlopsPerStep = 2 * Double(table.rowCount) * (all - 2 * e * e) + 4 * e * e
        let width = c.hidden.max() ?? 256
        let shapes = [BLASBenchmark.Shape(m: b, k: width, n: width),
                      BLASBenchmark.Shape(m: min(c.sampleBatchSize, n), k: width, n: width)]
        let sgemm = try BLASBenchmark(shapes: shapes).run().measurements
        let trainRate = sgemm[0].cpuGflops ?? sgemm[0].gflops, sampleRate = sgemm[1].cpuGflops ?? sgemm[1].gflops
        let stepProducts = Self.replayRate(Self.trainingProducts(batch: b, inputWidth: model.inputWidth,
                                                                 embedding: c.embeddingWidth, hidden: c.hidden), seed: seed)
        let sampleProducts = Self.replayRate(Self.samplingProducts(rows: min(c.sampleBatchSize, n), inputWidth: model.inputWidth,
                                                                   embedding: c.embeddingWidth, hidden: c.hidden), seed: seed)
        let plannedTotal: Int = switch planned {
        case .epochs(let epochs): epochs * stepsPerEpoch
        case .steps(let s): s
        }
        let fullChain = Double(c.timesteps) / Double(visited)
        let projected = Double(plannedTotal) * cpuPerStep + sampleCPU * fullChain
        let floor = Double(plannedTotal) * trainFlops / (trainRate * 1e9)
            + Double(c.timesteps) * sampleFlopsPerStep / (sampleRate * 1e9)
        return Result(
            rows: table.rowCount, columns: table.columnCount, inputWidth: model.inputWidth, hidden: c.hidden,
            batchSize: b, timesteps: c.timesteps, sampleSteps: visited, stepsRun: stepsRun, plannedSteps: plannedTotal,
            stepsPerEpoch: stepsPerEpoch, secondsPerStep: secondsPerStep, secondsPerEpoch: history.secondsPerEpoch,
            cpuSecondsPerStep: cpuPerStep, earlyStepCPUSeconds: earlyLate.map { $0.early / Double(stepsPerEpoch) },
            lateStepCPUSeconds: earlyLate.map { $0.late / Double(stepsPerEpoch) }, trainingFlopsPerStep: trainFlops, trainingGflops: trainFlops / cpuPerStep / 1e9,
            sampleSeconds: sampleSeconds, sampleCPUSeconds: sampleCPU, sampleFlopsPerStep: sampleFlopsPerStep,
            sampleGflops: sampleFlopsPerStep * Double(visited) / sampleCPU / 1e9, sgemmGflops: trainRate,
            sgemmShape: shapes[0].description, sampleSgemmGflops: sampleRate, sampleSgemmShape: shapes[1].description,
            sgemmWallGflops: sgemm[0].gflops, projectedSeconds: projected, flopFloorSeconds: floor,
            stepProductsGflops: stepProducts, sampleProductsGflops: sampleProducts, peakRSSMB: ProcessMemory.peakRSSMB(), blasCore: BLAS.coreName, blasThreads: BLAS.threads)
    }
}
