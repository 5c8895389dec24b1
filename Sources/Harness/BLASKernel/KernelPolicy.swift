/// Which OpenBLAS kernel to try for this CPU: a pure function of the CPU flags, the core OpenBLAS detected,
/// its build configuration and the environment, so that every case is a row in a table test.
///
/// Why: a DYNAMIC_ARCH OpenBLAS (Debian's 0.3.21) picks its kernel from the CPUID family and model. A model it
/// does not know (a newer Xeon, or a virtual CPU reporting one) falls back to `Prescott` (SSE3), 3-5x slower
/// than the AVX-512 kernels the CPU can run. The flags, not the model, say what the CPU can do.
package enum KernelPolicy {
    /// Set to `0` (or `false`, `no`, `off`) to keep OpenBLAS's own detection.
    package static let autoselectKey = "SYNTHBENCH_BLAS_AUTOSELECT"
    /// The variable OpenBLAS reads when the library loads.
    package static let coretypeKey = "OPENBLAS_CORETYPE"

    /// What to do.
    package enum Decision: Equatable, Sendable {
        /// Keep the kernel this process runs; `selection` and `reason` say why.
        case keep(selection: BLASKernelRecord.Selection, reason: String)
        /// Self-check these kernels, best first, and run the first that passes; the reason says why.
        case tryKernels([String], reason: String)
    }

    /// Kernels by what they need, best first. OpenBLAS 0.3.21 has no SapphireRapids kernel (the name maps
    /// to Cooperlake); Cooperlake is SkylakeX plus the AVX512-BF16 routines.
    static let ladder: [(kernel: String, tier: Int, needs: [String])] = [
        ("Cooperlake", 4, ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd", "avx512_bf16"]),
        ("SkylakeX", 3, ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"]),
        ("Haswell", 2, ["avx2", "fma"]),
        ("Sandybridge", 1, ["avx"]),
    ]

    /// The instruction-set tier of an OpenBLAS core name (0 for SSE-only and unknown cores).
    package static func tier(of core: String) -> Int {
        switch core.lowercased() {
        case "cooperlake", "sapphirerapids": 4
        case "skylakex": 3
        case "haswell", "zen": 2
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": 1
        default: 0
        }
    }

    /// The kernels the CPU flags allow, best first.
    package static func candidates(flags: Set<String>) -> [String] {
        ladder.filter { $0.needs.allSatisfy(flags.contains) }.map(\.kernel)
    }

    /// Decides for one process start.
    /// - Parameters:
    ///   - flags: the CPU flags (`/proc/cpuinfo`).
    ///   - detectedCore: `openblas_get_corename()` with `OPENBLAS_CORETYPE` unset.
    ///   - config: `openblas_get_config()`; without `DYNAMIC_ARCH` the variable has no effect.
    ///   - environment: `OPENBLAS_CORETYPE` (never overridden when present) and ``autoselectKey``.
    package static func decide(flags: Set<String>, detectedCore: String, config: String,
                              environment: [String: String]) -> Decision {
        if let user = environment[coretypeKey] {
            return .keep(selection: .setByUser, reason: "OPENBLAS_CORETYPE=\(user) set by user")
        }
        if let v = environment[autoselectKey], ["0", "false", "no", "off"].contains(v.lowercased()) {
            return .keep(selection: .disabled,
                         reason: "auto-selection off (\(autoselectKey)=\(v)); OpenBLAS detected \(detectedCore)")
        }
        guard config.contains("DYNAMIC_ARCH") else {
            return .keep(selection: .detected,
                         reason: "this OpenBLAS is built for one CPU (no DYNAMIC_ARCH); it runs \(detectedCore)")
        }
        let better = candidates(flags: flags).filter { tier(of: $0) > tier(of: detectedCore) }
        guard let best = better.first else {
            return .keep(selection: .detected,
                         reason: "OpenBLAS detected \(detectedCore), the best kernel for this CPU's flags")
        }
        let features = flags.contains("avx512_bf16") && tier(of: best) == 4 ? "AVX-512 with BF16"
            : tier(of: best) >= 3 ? "AVX-512" : tier(of: best) == 2 ? "AVX2 and FMA" : "AVX"
        return .tryKernels(better, reason: "OpenBLAS detected \(detectedCore) on a CPU with \(features)")
    }
}
