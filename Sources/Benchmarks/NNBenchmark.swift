import Foundation
import SynthCore
import SynthMath
import SynthNN

/// The engine's release benchmark (`synthbench bench nn`): single-thread sgemm throughput at the MLP's
/// shapes, a forward + backward + Adam step of a 156 -> 256 -> 256 -> 156 ReLU MLP at batch 500, a
/// CTGAN discriminator step with gradient penalty, a CTGAN generator step with `[z, c]` as column blocks
/// and concatenated, plus the process's peak RSS around 1,000 MLP steps, and the non-GEMM kernels of a
/// CTGAN/TVAE step (in the JSON output).
package enum NNBenchmark {
    package struct Configuration: Sendable {
        package var batch = 500
        package var mlpWidths = [156, 256, 256, 156]
        /// Timed MLP steps (the VmHWM check brackets them).
        package var mlpSteps = 1000
        package var discriminatorSteps = 200
        package var warmupSteps = 20
        /// CTGAN's discriminator input: (data width + conditional width) * pac.
        package var ctganDataWidth = 156
        package var ctganConditionWidth = 104
        package var pac = 10
        package var discriminatorHidden = [256, 256]
        /// CTGAN's generator: noise width, residual widths, timed steps (each variant).
        package var ctganEmbedding = 128
        package var generatorHidden = [256, 256]
        package var generatorSteps = 200
        package var seed: UInt64 = 42
        package init() {}
    }

    package struct SgemmFigure: Codable, Sendable {
        /// Floating-point operations of one pass over the shapes (2 m n k each).
        package let flopsPerPass: Double
        package let milliseconds: Double
        package let gflops: Double
    }

    package struct StepFigure: Codable, Sendable {
        package let steps: Int
        /// Median step time.
        package let milliseconds: Double
        package let meanMilliseconds: Double
        package let minMilliseconds: Double
        /// sgemm FLOPs the step performs (forward, weight gradients, input gradients except the first layer's).
        package let flopsPerStep: Double?
        package let gflops: Double?
        /// Achieved GFLOP/s over the sgemm figure at the same shapes.
        package let fractionOfSgemm: Double?
    }

    package struct MemoryFigure: Codable, Sendable {
        /// The process's peak resident set (VmHWM) before and after the timed steps, in MB (10^6 bytes).
        package let peakRSSBeforeMB: Double?
        package let peakRSSAfterMB: Double?
        /// Buffers the pool allocated from the system during warm-up and during the timed steps.
        package let bufferAllocationsDuringWarmup: Int
        package let bufferAllocationsDuringTimedSteps: Int
    }

    /// The same generator step with its input `[z, c]` given as column blocks (the one-hot condition
    /// gathered, no input gradient for `[z, c]`) and as one concatenated matrix, timed alternately.
    package struct GeneratorFigure: Codable, Sendable {
        package let blocks: StepFigure
        package let concatenated: StepFigure
    }

    package struct Result: Codable, Sendable {
        package let blasThreads: Int
        /// The OpenBLAS kernel in use (auto-detected, or forced with `OPENBLAS_CORETYPE`).
        package let blasCore: String
        package let cpuModel: String?
        /// Whether the CPU could run OpenBLAS's AVX-512 (SkylakeX) kernels.
        package let cpuHasAVX512: Bool
        package let loadAverage: String?
        package let sgemmAtMLPShapes: SgemmFigure
        package let sgemmSquare512: SgemmFigure
        package let mlpStep: StepFigure
        package let mlpMemory: MemoryFigure
        package let discriminatorStep: StepFigure
        package let generatorStep: GeneratorFigure
        /// The non-GEMM kernels of a CTGAN/TVAE step (``measureKernels(repeats:)``).
        package let kernels: [KernelFigure]
    }

    /// Runs every figure (a few seconds in release builds).
    package static func run(_ config: Configuration = Configuration()) -> Result {
        let pool = BufferPool()
        return BufferPool.withCurrent(pool) {
            let square = ProductPass([Product(m: 512, n: 512, k: 512, transposeA: false, transposeB: false)])
                .figure(repeats: 20)
            let (sgemm, mlp, memory) = measureMLP(config, pool: pool)
            let disc = measureDiscriminator(config)
            let gen = measureGenerator(config)
            let kernels = measureKernels()
            return Result(blasThreads: BLAS.threads, blasCore: BLAS.coreName, cpuModel: CPUFeatures.modelName(),
                          cpuHasAVX512: CPUFeatures.hasAVX512ForOpenBLAS,
                          loadAverage: LoadAverage.text(),
                          sgemmAtMLPShapes: sgemm, sgemmSquare512: square, mlpStep: mlp, mlpMemory: memory,
                          discriminatorStep: disc, generatorStep: gen, kernels: kernels)
        }
    }

    // MARK: - sgemm

    struct Product {
        let m: Int, n: Int, k: Int
        let transposeA: Bool, transposeB: Bool
        var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    }

    /// The sgemm calls of one MLP step, with the engine's transposes: forward `x Wᵀ`, weight gradients
    /// `Gzᵀ x`, input gradients `Gz W` (none for the first layer, whose input needs no gradient).
    static func mlpProducts(_ c: Configuration) -> [Product] {
        var calls: [Product] = []
        let w = c.mlpWidths
        for l in 0..<(w.count - 1) {
            calls.append(Product(m: c.batch, n: w[l + 1], k: w[l], transposeA: false, transposeB: true))
            calls.append(Product(m: w[l + 1], n: w[l], k: c.batch, transposeA: true, transposeB: false))
            if l > 0 { calls.append(Product(m: c.batch, n: w[l], k: w[l + 1], transposeA: false, transposeB: false)) }
        }
        return calls
    }

    /// The operands of a list of products, to run them as one timed pass.
    struct ProductPass {
        let calls: [Product]
        let operands: [(Tensor, Tensor, Tensor)]

        init(_ calls: [Product]) {
            self.calls = calls
            var rng = RandomStream(seed: 7)
            operands = calls.map { p in
                let a = Tensor.uniform(p.transposeA ? .matrix(p.k, p.m) : .matrix(p.m, p.k), low: -1, high: 1, rng: &rng)
                let b = Tensor.uniform(p.transposeB ? .matrix(p.n, p.k) : .matrix(p.k, p.n), low: -1, high: 1, rng: &rng)
                return (a, b, Tensor.zeros(.matrix(p.m, p.n)))
            }
        }

        var flops: Double { calls.reduce(0) { $0 + $1.flops } }

        /// Each product through `Kernels.gemm`, the engine's sgemm entry point, on the operands in place.
        func run() {
            for (p, (a, b, c)) in zip(calls, operands) {
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            Kernels.gemm(m: p.m, n: p.n, k: p.k, pa.baseAddress!, lda: p.transposeA ? p.m : p.k,
                                         transposeA: p.transposeA, pb.baseAddress!, ldb: p.transposeB ? p.k : p.n,
                                         transposeB: p.transposeB, into: pc.baseAddress!, ldc: p.n, beta: 0)
                        }
                    }
                }
            }
        }

        func figure(times: [Double]) -> SgemmFigure {
            let t = median(times)
            return SgemmFigure(flopsPerPass: flops, milliseconds: t * 1e3, gflops: flops / t / 1e9)
        }

        func figure(repeats: Int) -> SgemmFigure {
            for _ in 0..<3 { run() }
            return figure(times: (0..<repeats).map { _ in seconds { run() } })
        }
    }

    // MARK: - MLP step

    /// Times MLP steps interleaved with passes of the same sgemm calls on separate buffers, so that both
    /// figures see the same machine load (the host is shared); the fraction compares their medians.
    static func measureMLP(_ c: Configuration, pool: BufferPool) -> (SgemmFigure, StepFigure, MemoryFigure) {
        var rng = RandomStream(seed: c.seed)
        var layers: [any Layer] = []
        for l in 0..<(c.mlpWidths.count - 1) {
            layers.append(Linear(c.mlpWidths[l], c.mlpWidths[l + 1], rng: &rng))
            if l + 2 < c.mlpWidths.count { layers.append(ReLU()) }
        }
        let model = Sequential(layers)
        let optimizer = Adam(model.parameters(), learningRate: 1e-3)
        let x = Tensor.normal(.matrix(c.batch, c.mlpWidths.first!), rng: &rng)
        let y = Tensor.normal(.matrix(c.batch, c.mlpWidths.last!), rng: &rng)
        let products = ProductPass(mlpProducts(c))
        func step() {
            optimizer.zeroGrad()
            let loss = mseLoss(model(x, rng: &rng), y)
            loss.backward()
            optimizer.step()
        }
        let before = pool.freshAllocations
        for _ in 0..<c.warmupSteps { step(); products.run() }
        let afterWarmup = pool.freshAllocations
        let hwmBefore = ProcessMemory.peakRSSMB()
        var stepTimes: [Double] = [], sgemmTimes: [Double] = []
        stepTimes.reserveCapacity(c.mlpSteps)
        sgemmTimes.reserveCapacity(c.mlpSteps)
        for _ in 0..<c.mlpSteps {
            stepTimes.append(seconds { step() })
            sgemmTimes.append(seconds { products.run() })
        }
        let hwmAfter = ProcessMemory.peakRSSMB()
        let afterTimed = pool.freshAllocations
        let sgemm = products.figure(times: sgemmTimes)
        let t = median(stepTimes)
        let gflops = products.flops / t / 1e9
        let figure = StepFigure(steps: c.mlpSteps, milliseconds: t * 1e3, meanMilliseconds: mean(stepTimes) * 1e3,
                                minMilliseconds: (stepTimes.min() ?? 0) * 1e3, flopsPerStep: products.flops,
                                gflops: gflops, fractionOfSgemm: gflops / sgemm.gflops)
        let memory = MemoryFigure(peakRSSBeforeMB: hwmBefore, peakRSSAfterMB: hwmAfter,
                                  bufferAllocationsDuringWarmup: afterWarmup - before,
                                  bufferAllocationsDuringTimedSteps: afterTimed - afterWarmup)
        return (sgemm, figure, memory)
    }

    // MARK: - CTGAN discriminator step

    static func measureDiscriminator(_ c: Configuration) -> StepFigure {
        var rng = RandomStream(seed: c.seed &+ 1)
        let width = c.ctganDataWidth + c.ctganConditionWidth
        let packed = width * c.pac
        var layers: [any Layer] = []
        var dim = packed
        for h in c.discriminatorHidden {
            layers += [Linear(dim, h, rng: &rng), LeakyReLU(slope: 0.2), Dropout(0.5)]
            dim = h
        }
        layers.append(Linear(dim, 1, rng: &rng))
        let discriminator = Sequential(layers)
        // CTGAN: Adam(lr 2e-4, betas (0.5, 0.9), weight_decay 1e-6).
        let optimizer = Adam(discriminator.parameters(), learningRate: 2e-4, betas: (0.5, 0.9), weightDecay: 1e-6)
        let real = Tensor.normal(.matrix(c.batch, width), rng: &rng)
        let fake = Tensor.normal(.matrix(c.batch, width), rng: &rng)
        let groups = c.batch / c.pac
        func step() {
            let yFake = discriminator(fake.reshaped(.matrix(groups, packed)), rng: &rng)
            let yReal = discriminator(real.reshaped(.matrix(groups, packed)), rng: &rng)
            let penalty = gradientPenalty(discriminator, real: real, fake: fake, pac: c.pac, lambda: 10, rng: &rng)
            let lossD = -(yReal.mean() - yFake.mean())
            optimizer.zeroGrad()
            penalty.backward()
            lossD.backward()
            optimizer.step()
        }
        for _ in 0..<c.warmupSteps { step() }
        var times: [Double] = []
        for _ in 0..<c.discriminatorSteps { times.append(seconds { step() }) }
        return StepFigure(steps: c.discriminatorSteps, milliseconds: median(times) * 1e3,
                          meanMilliseconds: mean(times) * 1e3, minMilliseconds: (times.min() ?? 0) * 1e3,
                          flopsPerStep: nil, gflops: nil, fractionOfSgemm: nil)
    }

    // MARK: - CTGAN generator step

    /// Two identical CTGAN generators (`Residual` blocks with BatchNorm and ReLU, then a Linear), one fed
    /// `[z, c]` as column blocks and one the concatenated matrix, each stepped (forward, MSE against a
    /// fixed target, backward, Adam) in alternation. The sgemm FLOPs count forward products, weight
    /// gradients and the input gradients that each path computes.
    static func measureGenerator(_ c: Configuration) -> GeneratorFigure {
        let e = c.ctganEmbedding, cw = c.ctganConditionWidth
        func network() -> Sequential {
            var rng = RandomStream(seed: c.seed &+ 2)
            var layers: [any Layer] = []
            var width = e + cw
            for h in c.generatorHidden {
                layers.append(Residual(width, h, rng: &rng))
                width += h
            }
            layers.append(Linear(width, c.ctganDataWidth, rng: &rng))
            return Sequential(layers)
        }
        var rng = RandomStream(seed: c.seed &+ 3)
        let z = Tensor.normal(.matrix(c.batch, e), rng: &rng)
        let condition = OneHotColumns(indices: (0..<c.batch).map { _ in Int32(rng.nextInt(below: cw)) }, width: cw)
        let dense = concatColumns([z, condition.matrix()])
        let target = Tensor.normal(.matrix(c.batch, c.ctganDataWidth), rng: &rng)
        let blockNet = network(), denseNet = network()
        let blockOpt = Adam(blockNet.parameters(), learningRate: 2e-4, betas: (0.5, 0.9), weightDecay: 1e-6)
        let denseOpt = Adam(denseNet.parameters(), learningRate: 2e-4, betas: (0.5, 0.9), weightDecay: 1e-6)
        func step(_ net: Sequential, _ optimizer: Adam, _ forward: (Sequential) -> Tensor) {
            optimizer.zeroGrad()
            mseLoss(forward(net), target).backward()
            optimizer.step()
        }
        let blockStep = { step(blockNet, blockOpt) { $0([.dense(z), .oneHot(condition)], rng: &rng) } }
        let denseStep = { step(denseNet, denseOpt) { $0(dense, rng: &rng) } }
        for _ in 0..<c.warmupSteps { blockStep(); denseStep() }
        var blockTimes: [Double] = [], denseTimes: [Double] = []
        for _ in 0..<c.generatorSteps {
            blockTimes.append(seconds(blockStep))
            denseTimes.append(seconds(denseStep))
        }
        // Multiply-adds per row: layer l reads `hidden` columns that carry a gradient (0 for the first), then
        // z and c; its output width is `out`.
        var blockMACs = 0, denseMACs = 0, hidden = 0
        let outs = c.generatorHidden + [c.ctganDataWidth]
        for out in outs {
            denseMACs += (hidden + e + cw) * out * (hidden > 0 ? 3 : 2)
            blockMACs += (hidden + e) * out * 2 + hidden * out
            hidden += out
        }
        func figure(_ times: [Double], macs: Int) -> StepFigure {
            let flops = 2 * Double(macs) * Double(c.batch), t = median(times)
            return StepFigure(steps: c.generatorSteps, milliseconds: t * 1e3, meanMilliseconds: mean(times) * 1e3,
                              minMilliseconds: (times.min() ?? 0) * 1e3, flopsPerStep: flops, gflops: flops / t / 1e9,
                              fractionOfSgemm: nil)
        }
        return GeneratorFigure(blocks: figure(blockTimes, macs: blockMACs), concatenated: figure(denseTimes, macs: denseMACs))
    }

    // MARK: - Helpers

    static func seconds(_ body: () -> Void) -> Double { ContinuousClock().measure(body).seconds }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
}
