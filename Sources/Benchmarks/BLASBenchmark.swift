import CBLAS
import Foundation
import SynthCore
import SynthMath

/// Measures single-precision matrix multiplication (`cblas_sgemm`, C = A B with A m x k and B k x n,
/// row-major) in GFLOP/s, counting 2 m n k floating-point operations per call.
///
/// For each shape the number of calls per batch is doubled until one batch takes at least
/// `minimumBatchSeconds`; then `batches` batches of that many calls are timed and the best one is kept
/// (other processes on a shared machine only ever slow a batch down). The thread count is whatever
/// OpenBLAS is set to (``BLAS/setThreads(_:)``; SynthBench's default is 1).
package struct BLASBenchmark: Sendable {
    package struct Shape: Codable, Sendable, Equatable, CustomStringConvertible {
        package var m: Int, k: Int, n: Int
        package init(m: Int, k: Int, n: Int) { self.m = m; self.k = k; self.n = n }
        package var description: String { "\(m)x\(k)x\(n)" }
    }

    /// 512^3, and the 256 x 500 x 256 product the research note measured.
    package static let defaultShapes = [Shape(m: 512, k: 512, n: 512), Shape(m: 256, k: 500, n: 256)]

    package var shapes: [Shape]
    package var batches: Int
    package var minimumBatchSeconds: Double
    package var seed: UInt64

    package init(shapes: [Shape] = BLASBenchmark.defaultShapes, batches: Int = 5,
                minimumBatchSeconds: Double = 0.2, seed: UInt64 = 1) {
        self.shapes = shapes; self.batches = batches; self.minimumBatchSeconds = minimumBatchSeconds; self.seed = seed
    }

    package struct Measurement: Codable, Sendable, Equatable {
        package var shape: Shape
        package var gflops: Double
        package var callsPerBatch: Int
        package var batches: Int
        package var bestBatchSeconds: Double
        /// The same FLOPs over the best batch's process CPU time (one BLAS thread: the calling thread's time).
        /// On a loaded machine wall time includes the time the process waited for a core; CPU time does
        /// not, so a rate set against another CPU-timed figure of the same process is comparable.
        package var cpuGflops: Double?
    }

    package struct Result: Codable, Sendable, Equatable {
        package var threads: Int
        /// The kernel OpenBLAS runs (its CPU auto-detection, or `OPENBLAS_CORETYPE` when set).
        package var coreName: String
        /// `OPENBLAS_CORETYPE` from the environment, which overrides OpenBLAS's CPU detection (set by the
        /// user or by SynthBench's kernel selection; `blasKernel` in the report says which).
        package var coreTypeOverride: String?
        package var measurements: [Measurement]
    }

    package func run() throws(BenchmarkFailure) -> Result {
        guard batches > 0 else {
            throw .invalidParameter(benchmark: "BLAS", "batches must be positive, got \(batches)")
        }
        guard minimumBatchSeconds > 0 else {
            throw .invalidParameter(benchmark: "BLAS",
                                    "minimum batch seconds must be positive, got \(minimumBatchSeconds)")
        }
        for s in shapes where s.m < 1 || s.k < 1 || s.n < 1 {
            throw .invalidParameter(benchmark: "BLAS", "matrix sizes must be positive, got \(s)")
        }
        var rng = RandomStream(seed: seed)
        let measurements = shapes.map { measure($0, rng: &rng) }
        return Result(threads: BLAS.threads, coreName: BLAS.coreName,
                      coreTypeOverride: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"],
                      measurements: measurements)
    }

    private func measure(_ s: Shape, rng: inout RandomStream) -> Measurement {
        var a = [Float](repeating: 0, count: s.m * s.k)
        var b = [Float](repeating: 0, count: s.k * s.n)
        var c = [Float](repeating: 0, count: s.m * s.n)
        a.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
        b.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
        let clock = ContinuousClock()
        var bestCPU = Double.infinity
        func batch(_ calls: Int) -> Double {
            let cpu0 = processCPUSeconds()
            defer { bestCPU = min(bestCPU, processCPUSeconds() - cpu0) }
            return a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        clock.measure {
                            for _ in 0..<calls {
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                                            Int32(s.m), Int32(s.n), Int32(s.k), 1,
                                            pa.baseAddress, Int32(s.k), pb.baseAddress, Int32(s.n),
                                            0, pc.baseAddress, Int32(s.n))
                            }
                        }.seconds
                    }
                }
            }
        }
        _ = batch(1)  // warm-up: page faults, OpenBLAS buffer allocation
        var calls = 1
        while batch(calls) < minimumBatchSeconds { calls *= 2 }
        var best = Double.infinity
        bestCPU = .infinity
        for _ in 0..<batches { best = min(best, batch(calls)) }
        let flops = 2.0 * Double(s.m) * Double(s.n) * Double(s.k) * Double(calls)
        return Measurement(shape: s, gflops: flops / best / 1e9, callsPerBatch: calls, batches: batches,
                           bestBatchSeconds: best, cpuGflops: bestCPU > 0 ? flops / bestCPU / 1e9 : nil)
    }
}
