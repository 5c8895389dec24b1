import Testing
@testable import Harness

/// The decision table: CPU flags, the core OpenBLAS detected, its build and the environment -> what to do.
@Suite struct KernelPolicyTests {
    static let sse: Set<String> = ["sse", "sse2", "sse3", "ssse3", "sse4_1", "sse4_2"]
    static let avx2 = sse.union(["avx", "avx2", "fma"])
    static let avx512 = avx2.union(["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"])
    static let avx512bf16 = avx512.union(["avx512_bf16", "amx_tile"])
    /// Knights Landing: AVX-512 F and CD without BW/DQ/VL; OpenBLAS runs Haswell there, rightly.
    static let knightsLanding = avx2.union(["avx512f", "avx512cd", "avx512er", "avx512pf"])
    static let dynamic = "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64"
    static let fixed = "OpenBLAS 0.3.21 NO_LAPACKE NO_AFFINITY Haswell MAX_THREADS=64"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var flags: Set<String>
        var detected: String
        var config: String = KernelPolicyTests.dynamic
        var environment: [String: String] = [:]
        /// nil: keep with this selection; else the kernels to try, best first.
        var kernels: [String]?
        var keep: BLASKernelRecord.Selection?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "BF16 Xeon detected as Prescott", flags: avx512bf16, detected: "Prescott",
             kernels: ["Cooperlake", "SkylakeX", "Haswell", "Sandybridge"]),
        Case(name: "AVX-512 without BF16 detected as Prescott", flags: avx512, detected: "Prescott",
             kernels: ["SkylakeX", "Haswell", "Sandybridge"]),
        Case(name: "AVX2 CPU detected as Core2", flags: avx2, detected: "Core2", kernels: ["Haswell", "Sandybridge"]),
        Case(name: "AVX2 CPU detected as Katmai", flags: avx2, detected: "Katmai", kernels: ["Haswell", "Sandybridge"]),
        Case(name: "BF16 CPU detected as SkylakeX", flags: avx512bf16, detected: "SkylakeX", kernels: ["Cooperlake"]),
        Case(name: "AVX-512 CPU detected as Haswell", flags: avx512, detected: "Haswell", kernels: ["SkylakeX"]),
        Case(name: "AVX2 CPU detected as Haswell", flags: avx2, detected: "Haswell", keep: .detected),
        Case(name: "AMD AVX2 CPU detected as Zen", flags: avx2, detected: "Zen", keep: .detected),
        Case(name: "BF16 CPU detected as Cooperlake", flags: avx512bf16, detected: "Cooperlake", keep: .detected),
        Case(name: "Knights Landing detected as Haswell", flags: knightsLanding, detected: "Haswell", keep: .detected),
        Case(name: "SSE-only CPU detected as Prescott", flags: sse, detected: "Prescott", keep: .detected),
        Case(name: "no /proc/cpuinfo", flags: [], detected: "Prescott", keep: .detected),
        Case(name: "OpenBLAS without DYNAMIC_ARCH", flags: avx512bf16, detected: "Prescott", config: fixed, keep: .detected),
        Case(name: "user's OPENBLAS_CORETYPE", flags: avx512bf16, detected: "Prescott",
             environment: ["OPENBLAS_CORETYPE": "Haswell"], keep: .setByUser),
        Case(name: "user's empty OPENBLAS_CORETYPE", flags: avx512bf16, detected: "Prescott",
             environment: ["OPENBLAS_CORETYPE": ""], keep: .setByUser),
        Case(name: "user's OPENBLAS_CORETYPE wins over the opt-out", flags: avx512, detected: "Prescott",
             environment: ["OPENBLAS_CORETYPE": "Prescott", "SYNTHBENCH_BLAS_AUTOSELECT": "0"], keep: .setByUser),
        Case(name: "opt-out 0", flags: avx512bf16, detected: "Prescott",
             environment: ["SYNTHBENCH_BLAS_AUTOSELECT": "0"], keep: .disabled),
        Case(name: "opt-out off", flags: avx512bf16, detected: "Prescott",
             environment: ["SYNTHBENCH_BLAS_AUTOSELECT": "Off"], keep: .disabled),
        Case(name: "opt-in 1 is the default", flags: avx512, detected: "Prescott",
             environment: ["SYNTHBENCH_BLAS_AUTOSELECT": "1"], kernels: ["SkylakeX", "Haswell", "Sandybridge"]),
    ]

    @Test(arguments: cases) func decides(_ c: Case) {
        let decision = KernelPolicy.decide(flags: c.flags, detectedCore: c.detected, config: c.config,
                                           environment: c.environment)
        switch decision {
        case .tryKernels(let kernels, let reason):
            #expect(kernels == c.kernels, "\(c.name)")
            #expect(reason.contains(c.detected))
        case .keep(let selection, let reason):
            #expect(c.kernels == nil, "\(c.name): kept \(selection) (\(reason))")
            #expect(selection == c.keep, "\(c.name)")
        }
    }

    @Test func reasonNamesWhatTheCPUOffers() {
        guard case .tryKernels(_, let reason) = KernelPolicy.decide(flags: Self.avx512bf16, detectedCore: "Prescott",
                                                                    config: Self.dynamic, environment: [:]) else {
            Issue.record("expected kernels to try"); return
        }
        #expect(reason == "OpenBLAS detected Prescott on a CPU with AVX-512 with BF16")
    }

    @Test func tiersOrderTheKernels() {
        #expect(KernelPolicy.tier(of: "Prescott") == 0 && KernelPolicy.tier(of: "core2") == 0)
        #expect(KernelPolicy.tier(of: "Sandybridge") < KernelPolicy.tier(of: "Haswell"))
        #expect(KernelPolicy.tier(of: "Haswell") < KernelPolicy.tier(of: "skylakex"))
        #expect(KernelPolicy.tier(of: "SkylakeX") < KernelPolicy.tier(of: "Cooperlake"))
    }
}
