import Foundation
import SynthCore
import SynthNN
import Harness

/// Runs ``NNBenchmark`` and renders its figures for `synthbench bench nn`.
package enum NNBenchmarkReport {
    /// The benchmark's output: one JSON object (`json`) or a few human-readable lines.
    /// With `precision` bf16, every product timed (the sgemm figure's included) runs as `MatrixPrecision.bf16.run` runs it.
    package static func run(mlpSteps: Int, discriminatorSteps: Int, generatorSteps: Int, precision: MatrixPrecision = .fp32,
                            json: Bool) throws -> String {
        var config = NNBenchmark.Configuration()
        config.mlpSteps = mlpSteps
        config.discriminatorSteps = discriminatorSteps
        config.generatorSteps = generatorSteps
        let r = precision.run { NNBenchmark.run(config) }
        let kernel = BLASKernelRecord.current
        let products = precision == .bf16 ? BF16Selection.current : nil
        if json {
            let encoder = SynthJSON.encoder()
            return String(decoding: try encoder.encode(WithKernel(result: r, blasKernel: kernel, precision: precision,
                                                                  bf16Kernel: products)), as: UTF8.self)
        }
        return text(r, kernel: kernel) + "\nproducts: " + BF16Selection.summary(requested: precision)
    }

    /// The result's JSON object with a `blasKernel` key added (the kernel and why it was chosen).
    struct WithKernel: Encodable {
        var result: NNBenchmark.Result
        var blasKernel: BLASKernelRecord
        var precision: MatrixPrecision
        var bf16Kernel: BF16Selection?
        enum CodingKeys: String, CodingKey { case blasKernel, precision, bf16Kernel }  // camelCase like the result's keys
        func encode(to encoder: Encoder) throws {
            try result.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(blasKernel, forKey: .blasKernel)
            try c.encode(precision, forKey: .precision)
            try c.encode(bf16Kernel, forKey: .bf16Kernel)
        }
    }

    static func text(_ r: NNBenchmark.Result, kernel: BLASKernelRecord) -> String {
        func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
        let s = r.sgemmAtMLPShapes, m = r.mlpStep, mem = r.mlpMemory, d = r.discriminatorStep
        let gb = r.generatorStep.blocks, gc = r.generatorStep.concatenated
        var lines = [
            "BLAS: \(r.blasThreads) thread(s), \(r.blasCore) kernel on \(r.cpuModel ?? "an unknown CPU"); "
                + "load average \(r.loadAverage ?? "n/a")",
            "kernel: \(kernel.summary)",
            "sgemm at the MLP's shapes: \(f(s.gflops, 1)) GFLOP/s (\(f(s.flopsPerPass / 1e6, 1)) MFLOP in "
                + "\(f(s.milliseconds, 3)) ms); 512x512x512: \(f(r.sgemmSquare512.gflops, 1)) GFLOP/s",
            "MLP 156-256-256-156 step (forward, backward, Adam), batch 500: \(f(m.milliseconds, 3)) ms median "
                + "(mean \(f(m.meanMilliseconds, 3)), min \(f(m.minMilliseconds, 3)), \(m.steps) steps), "
                + "\(f(m.gflops ?? 0, 1)) GFLOP/s = \(f(100 * (m.fractionOfSgemm ?? 0), 1))% of sgemm",
            "VmHWM before / after the \(m.steps) MLP steps: \(mem.peakRSSBeforeMB.map { f($0, 1) } ?? "n/a") MB / "
                + "\(mem.peakRSSAfterMB.map { f($0, 1) } ?? "n/a") MB; buffers allocated: "
                + "\(mem.bufferAllocationsDuringWarmup) in warm-up, \(mem.bufferAllocationsDuringTimedSteps) in the timed steps",
            "CTGAN discriminator step (2600-256-256-1, LeakyReLU 0.2, dropout 0.5, gradient penalty 10, batch 500): "
                + "\(f(d.milliseconds, 3)) ms median (mean \(f(d.meanMilliseconds, 3)), min \(f(d.minMilliseconds, 3)), "
                + "\(d.steps) steps)",
            "CTGAN generator step (232-256, 488-256, 744-156: Residual with BatchNorm and ReLU, Linear; MSE, Adam), "
                + "batch 500: [z, c] as column blocks \(f(gb.milliseconds, 3)) ms median (min \(f(gb.minMilliseconds, 3)), "
                + "\(f((gb.flopsPerStep ?? 0) / 1e6, 1)) MFLOP sgemm); concatenated \(f(gc.milliseconds, 3)) ms median "
                + "(min \(f(gc.minMilliseconds, 3)), \(f((gc.flopsPerStep ?? 0) / 1e6, 1)) MFLOP); \(gb.steps) steps each, alternating",
        ]
        let avx512Kernels: Set<String> = ["SkylakeX", "Cooperlake", "SapphireRapids"]
        if r.cpuHasAVX512 && !avx512Kernels.contains(r.blasCore) {
            lines.append("note: this CPU has AVX-512 but OpenBLAS runs its \(r.blasCore) kernel; "
                         + "run `synthbench doctor` for why (docs/blas.md)")
        }
        return lines.joined(separator: "\n")
    }
}
