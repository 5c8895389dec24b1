import Foundation
import SynthMath
import SynthNN

extension NNBenchmark {
    /// One elementwise kernel: the median thread CPU time of a call (CPU time, so that the figure means
    /// something on a shared host) and the time per element.
    package struct KernelFigure: Codable, Sendable {
        package let name: String
        package let elements: Int
        package let milliseconds: Double
        package let nanosecondsPerElement: Double
    }

    /// The non-GEMM kernels of a CTGAN/TVAE step at their shapes: the vectorised math against libm, the
    /// output head's Gumbel-softmax and the log-softmax of the conditional / reconstruction loss on a
    /// 500-row batch of an adult-like layout (167 columns: six scalars through `tanh`, each followed by a
    /// 10-mode span, and nine category spans of 8, 16, 7, 14, 6, 5, 2, 41, 2), batch norm + ReLU on
    /// 500 x 256, dropout on 50 x 256 and an Adam step over a 2600-256-256-1 discriminator (731,905 parameters).
    static func measureKernels(repeats: Int = 30) -> [KernelFigure] {
        var rng = RandomStream(seed: 11)
        var spans: [Range<Int>] = []
        var column = 0
        for _ in 0..<6 { column += 1; spans.append(column..<(column + 10)); column += 10 }
        for w in [8, 16, 7, 14, 6, 5, 2, 41, 2] { spans.append(column..<(column + w)); column += w }
        let rows = 500, width = column, n = rows * width
        var figures: [KernelFigure] = []
        func measure(_ name: String, elements: Int, _ body: () -> Void) {
            for _ in 0..<3 { body() }
            let times = (0..<repeats).map { _ in threadSeconds(body) }
            let t = median(times)
            figures.append(KernelFigure(name: name, elements: elements, milliseconds: t * 1e3,
                                        nanosecondsPerElement: t / Double(elements) * 1e9))
        }
        let src = UnsafeMutablePointer<Float>.allocate(capacity: n), dst = UnsafeMutablePointer<Float>.allocate(capacity: n)
        defer { src.deallocate(); dst.deallocate() }
        for i in 0..<n { src[i] = Float(i % 2000) / 100 - 10 }
        measure("FastMath.exp", elements: n) { FastMath.exp(src, dst, count: n) }
        measure("libm expf", elements: n) { for i in 0..<n { dst[i] = Foundation.exp(src[i]) } }
        measure("FastMath.tanh", elements: n) { FastMath.tanh(src, dst, count: n) }
        measure("libm tanhf", elements: n) { for i in 0..<n { dst[i] = Foundation.tanh(src[i]) } }
        for i in 0..<n { src[i] = (Float(i % 2000) + 0.5) / 2000 }
        measure("FastMath.log", elements: n) { FastMath.log(src, dst, count: n) }
        measure("libm logf", elements: n) { for i in 0..<n { dst[i] = Foundation.log(src[i]) } }

        let logits = Tensor.normal(.matrix(rows, width), std: 3, rng: &rng)
        logits.requiresGrad = true
        let seed = Tensor.normal(.matrix(rows, width), rng: &rng)
        measure("Gumbel-softmax head forward, 500 x 167", elements: n) {
            var r = RandomStream(seed: 1)
            _ = noGrad { gumbelSoftmax(logits, spans: spans, temperature: 0.2, otherColumns: .tanh, rng: &r) }
        }
        measure("Gumbel-softmax head forward + backward", elements: n) {
            var r = RandomStream(seed: 1)
            gumbelSoftmax(logits, spans: spans, temperature: 0.2, otherColumns: .tanh, rng: &r).backward(seed: seed)
        }
        measure("log-softmax forward + backward, 500 x 167", elements: n) {
            logSoftmax(logits, spans: spans).backward(seed: seed)
        }
        let h = Tensor.normal(.matrix(500, 256), rng: &rng)
        h.requiresGrad = true
        let hSeed = Tensor.normal(.matrix(500, 256), rng: &rng)
        let bn = BatchNorm1d(256)
        measure("batch norm + ReLU forward + backward, 500 x 256", elements: 500 * 256) {
            bn(h, activation: .relu).backward(seed: hSeed)
        }
        let d = Tensor.normal(.matrix(50, 256), rng: &rng)
        d.requiresGrad = true
        let dSeed = Tensor.normal(.matrix(50, 256), rng: &rng)
        measure("dropout 0.5 forward + backward, 50 x 256", elements: 50 * 256) {
            var r = RandomStream(seed: 2)
            dropout(d, probability: 0.5, rng: &r).backward(seed: dSeed)
        }
        let parameters = [Tensor.normal(.matrix(2600, 256), rng: &rng), Tensor.normal(.vector(256), rng: &rng),
                          Tensor.normal(.matrix(256, 256), rng: &rng), Tensor.normal(.vector(256), rng: &rng),
                          Tensor.normal(.matrix(1, 256), rng: &rng), Tensor.normal(.vector(1), rng: &rng)]
        for p in parameters {
            p.requiresGrad = true
            p.setGrad(Tensor.normal(p.shape, std: 1e-3, rng: &rng))
        }
        let adam = Adam(parameters, learningRate: 2e-4, betas: (0.5, 0.9), weightDecay: 1e-6)
        let count = parameters.reduce(0) { $0 + $1.count }
        measure("Adam step, \(count) parameters", elements: count) { adam.step() }
        return figures
    }

    /// The CPU time of `body` on this thread.
    static func threadSeconds(_ body: () -> Void) -> Double {
        func now() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
        }
        let start = now()
        body()
        return now() - start
    }
}
