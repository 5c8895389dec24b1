import Foundation
import SynthCore
import SynthMath

/// Which kernel runs `bf16` matrix products in this process, and why; decided once, on first use.
///
/// Candidates: oneDNN's matmul (`bf16 x bf16 -> f32`) and OpenBLAS's `cblas_sbgemm`, which Debian's
/// OpenBLAS 0.3.21 does not export (built without `BUILD_BFLOAT16`; probed with `dlsym`, recorded, never
/// called). The decision:
/// 1. `SYNTHBENCH_BF16_KERNEL=fp32` keeps sgemm; `=onednn` uses oneDNN whenever it has a native bf16
///    implementation (for measuring); unset or `auto` continues:
/// 2. a CPU with neither AVX512-BF16 nor AMX-BF16 keeps sgemm (oneDNN would convert to fp32 internally);
/// 3. oneDNN must pick a native implementation (not `ref`);
/// 4. a timed probe at a generator layer's shape (200 x 500 x 500, `x Wᵀ`, conversion included, best of
///    seven interleaved runs each, thread CPU time): bf16 is used only when it is at least 10 % faster than sgemm with the
///    OpenBLAS kernel this process runs. On a Xeon with AVX512-BF16 but no AMX, oneDNN's bf16 brgemm is
///    slower than OpenBLAS's AVX-512 sgemm (docs/nn.md §7.2), so the products stay fp32 there.
public struct BF16Selection: Sendable, Equatable, Codable {
    /// The kernel bf16 products run on (e.g. `oneDNN 2.6.3 brg:avx512_core_bf16`); nil: they run as fp32.
    public var kernel: String?
    /// One sentence for people.
    public var reason: String
    /// The probe's figures (GFLOP/s at 200 x 500 x 500), when it ran.
    public var sgemmGFLOPS: Double?
    public var bf16GFLOPS: Double?
    /// The OpenBLAS kernel the probe compared against.
    public var blasCore: String
    /// Whether the loaded OpenBLAS exports `cblas_sbgemm`.
    public var sbgemmExported: Bool

    enum CodingKeys: String, CodingKey {
        case kernel, reason, sgemmGFLOPS = "sgemm_gflops", bf16GFLOPS = "bf16_gflops", blasCore = "blas_core"
        case sbgemmExported = "sbgemm_exported"
    }

    /// Every key, null when unknown (as every record of a run is written).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kernel, forKey: .kernel); try c.encode(reason, forKey: .reason)
        try c.encode(sgemmGFLOPS, forKey: .sgemmGFLOPS); try c.encode(bf16GFLOPS, forKey: .bf16GFLOPS)
        try c.encode(blasCore, forKey: .blasCore); try c.encode(sbgemmExported, forKey: .sbgemmExported)
    }

    /// The variable that forces the choice (`auto`, `onednn`, `fp32`).
    public static let environmentKey = "SYNTHBENCH_BF16_KERNEL"

    /// This process's selection (decided, and the probe run, on first access).
    public static let current = select(environment: ProcessInfo.processInfo.environment, flags: CPUFeatures.flags())

    /// The decision for these CPU flags and environment (runs the probe when it gets that far).
    static func select(environment: [String: String], flags: Set<String>) -> BF16Selection {
        let sbgemm = dlsym(dlopen(nil, RTLD_NOW), "cblas_sbgemm") != nil  // the process's global symbols
        var s = BF16Selection(kernel: nil, reason: "", blasCore: BLAS.coreName, sbgemmExported: sbgemm)
        let forced = environment[environmentKey]?.lowercased() ?? "auto"
        if forced == "fp32" { s.reason = "\(environmentKey)=fp32: bf16 products run as fp32 sgemm"; return s }
        let native = CPUFeatures.hasAVX512BF16(flags) || CPUFeatures.hasAMXBF16(flags)
        if forced != "onednn" && !native {
            s.reason = "the CPU has neither AVX512-BF16 nor AMX-BF16: bf16 products run as fp32 sgemm"
            return s
        }
        guard let dnnl = OneDNNMatmul.shared else {
            s.reason = "oneDNN could not create a CPU engine: bf16 products run as fp32 sgemm"; return s
        }
        let (m, n, k) = (200, 500, 500)
        let implementation: String
        do { implementation = try dnnl.implementation(m: m, n: n, k: k, transposeA: false, transposeB: true) } catch {
            s.reason = "\(error): bf16 products run as fp32 sgemm"; return s
        }
        let name = "\(dnnl.version) \(implementation)"
        if implementation.contains("ref") {
            s.reason = "\(name) has no native bf16 path on this CPU: bf16 products run as fp32 sgemm"; return s
        }
        (s.sgemmGFLOPS, s.bf16GFLOPS) = probe(dnnl, m: m, n: n, k: k)
        let figures = String(format: "%.0f GFLOP/s against %.0f for sgemm (%@)", s.bf16GFLOPS!, s.sgemmGFLOPS!,
                             s.blasCore)
        if forced == "onednn" {
            s.kernel = name; s.reason = "\(environmentKey)=onednn: \(name), \(figures)"
        } else if s.bf16GFLOPS! >= 1.1 * s.sgemmGFLOPS! {
            s.kernel = name; s.reason = "\(name) is faster: \(figures)"
        } else {
            s.reason = "no bf16 kernel is faster here (\(name): \(figures); cblas_sbgemm "
                + (sbgemm ? "not tried" : "not exported by this OpenBLAS") + "): bf16 products run as fp32 sgemm "
                + "(\(environmentKey)=onednn runs them in bf16 anyway)"
        }
        return s
    }

    /// CPU time of the calling thread: under load, wall time would count the waits for a core.
    private static func threadSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Best-of-seven GFLOP/s of sgemm and of the bf16 product at `x Wᵀ`, `x` m x k, `W` n x k a parameter
    /// (as in training: `x` converted per product, `W`'s ``BF16Image`` reused); the two are interleaved so
    /// both see the same machine load.
    static func probe(_ dnnl: OneDNNMatmul, m: Int, n: Int, k: Int) -> (sgemm: Double, bf16: Double) {
        var rng = RandomStream(seed: 1)
        let x = (0..<(m * k)).map { _ in Float(rng.nextDouble() - 0.5) }
        let weight = Tensor((0..<(n * k)).map { _ in Float(rng.nextDouble() - 0.5) }, shape: .matrix(n, k))
        weight.requiresGrad = true
        let w = weight.toArray()
        var c = [Float](repeating: 0, count: m * n)
        var best = (sgemm: Double.infinity, bf16: Double.infinity)
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                c.withUnsafeMutableBufferPointer { c in
                    for _ in 0..<7 {
                        var t = threadSeconds()
                        Kernels.sgemm(m: m, n: n, k: k, x.baseAddress!, lda: k, transposeA: false, w.baseAddress!, ldb: k,
                                      transposeB: true, into: c.baseAddress!, ldc: n, alpha: 1, beta: 0)
                        best.sgemm = min(best.sgemm, threadSeconds() - t)
                        t = threadSeconds()
                        dnnl.gemm(m: m, n: n, k: k, x.baseAddress!, lda: k, transposeA: false, weight.pointer, ldb: k,
                                  transposeB: true, into: c.baseAddress!, ldc: n, alpha: 1, beta: 0,
                                  bImage: weight.storage)
                        best.bf16 = min(best.bf16, threadSeconds() - t)
                    }
                }
            }
        }
        let flop = 2.0 * Double(m * n * k)
        return (flop / best.sgemm * 1e-9, flop / best.bf16 * 1e-9)
    }
}

extension BF16Selection {
    /// One line for `bench` output and logs: what the products of a run at `requested` precision ran on
    /// (for `fp32` without deciding the selection, so no probe runs).
    public static func summary(requested: MatrixPrecision) -> String {
        guard requested == .bf16 else { return "fp32 (cblas_sgemm, \(BLAS.coreName))" }
        guard let kernel = current.kernel else { return "bf16 requested, fp32 ran: \(current.reason)" }
        return "bf16 inputs, fp32 sums on \(kernel) (\(current.reason))"
    }
}
