import Foundation
import SynthCore
import Harness
import SynthMath
import SynthTable
import Synthesizers

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
        package var stepsRun: Int
        package var plannedSteps: Int
        package var stepsPerEpoch: Int
        package var secondsPerStep: Double
        package var secondsPerEpoch: Double
        package var trainingFlopsPerStep: Double
        package var trainingGflops: Double
        package var sampleSeconds: Double
        package var sampleFlopsPerStep: Double
        package var sampleGflops: Double
        package var sgemmGflops: Double
        package var sgemmShape: String
        /// Projected fit (all planned epochs or steps) plus sampling the table's row count.
        package var projectedSeconds: Double
        /// The same work at the sgemm rate.
        package var flopFloorSeconds: Double
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

    /// Measures with `parameters` (a short run: few epochs or steps) and projects to the run that
    /// `parameters` without `n_iter`, `epochs` and `steps` would make (the preset's default length).
    package func run() throws -> Result {
        let descriptor = try MethodFactory.resolve(method: "ddpm", backend: .synthcity).descriptor
        let options = try MethodCatalog.ddpmOptions(descriptor.resolve(parameters))
        let planned = try MethodCatalog.ddpmOptions(descriptor.resolve(
            parameters.filter { !["n_iter", "epochs", "steps"].contains($0.key) })).configuration.training
        let synthesizer = DiffusionSynthesizer(options: options)
        try synthesizer.fit(table, metadata: metadata, context: SynthesisContext(seed: seed))
        let clock = ContinuousClock()
        let t0 = clock.now
        _ = try synthesizer.sample(count: table.rowCount, seed: seed &+ 1, context: SynthesisContext())
        let sampleSeconds = (clock.now - t0).seconds
        let model = synthesizer.model!
        let c = options.configuration
        let n = table.rowCount, b = min(c.batchSize, n), stepsPerEpoch = (n + b - 1) / b
        let history = model.history
        let stepsRun = history.epochsRun * stepsPerEpoch
        let secondsPerStep = history.secondsPerEpoch / Double(stepsPerEpoch)
        let (all, noGradient) = Self.layerProducts(inputWidth: model.inputWidth, embedding: c.embeddingWidth, hidden: c.hidden)
        let trainFlops = 2 * Double(b) * (3 * all - noGradient)
        let e = Double(c.embeddingWidth)
        let visited = model.samplingTimesteps.count
        let sampleFlopsPerStep = 2 * Double(table.rowCount) * (all - 2 * e * e) + 4 * e * e
        let shape = BLASBenchmark.Shape(m: b, k: c.hidden.max() ?? 256, n: c.hidden.max() ?? 256)
        let sgemm = try BLASBenchmark(shapes: [shape]).run().measurements[0].gflops
        let trainGflops = trainFlops / secondsPerStep / 1e9
        let sampleGflops = sampleFlopsPerStep * Double(visited) / sampleSeconds / 1e9
        let plannedTotal: Int = switch planned {
        case .epochs(let epochs): epochs * stepsPerEpoch
        case .steps(let s): s
        }
        let projected = Double(plannedTotal) * secondsPerStep + sampleSeconds
        let floor = (Double(plannedTotal) * trainFlops + Double(visited) * sampleFlopsPerStep) / (sgemm * 1e9)
        return Result(
            rows: table.rowCount, columns: table.columnCount, inputWidth: model.inputWidth, hidden: c.hidden,
            batchSize: b, timesteps: c.timesteps, sampleSteps: visited, stepsRun: stepsRun, plannedSteps: plannedTotal, stepsPerEpoch: stepsPerEpoch,
            secondsPerStep: secondsPerStep, secondsPerEpoch: history.secondsPerEpoch, trainingFlopsPerStep: trainFlops,
            trainingGflops: trainGflops, sampleSeconds: sampleSeconds, sampleFlopsPerStep: sampleFlopsPerStep,
            sampleGflops: sampleGflops, sgemmGflops: sgemm, sgemmShape: shape.description, projectedSeconds: projected,
            flopFloorSeconds: floor, peakRSSMB: ProcessMemory.peakRSSMB(), blasCore: BLAS.coreName,
            blasThreads: BLAS.threads)
    }
}
