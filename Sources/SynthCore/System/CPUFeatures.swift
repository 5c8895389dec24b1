import Foundation

/// What the CPU is and offers, from `/proc/cpuinfo` (Linux), to record where a figure was measured and to
/// explain which OpenBLAS kernel should run.
public enum CPUFeatures {
    /// The `flags` of the first processor (empty where `/proc/cpuinfo` is unavailable).
    public static func flags() -> Set<String> {
        guard let flags = field("flags") else { return [] }
        return Set(flags.split(separator: " ").map(String.init))
    }

    /// The CPU model name.
    public static func modelName() -> String? { field("model name") }

    /// True when the CPU has the AVX-512 subsets OpenBLAS's SkylakeX kernels use (F, BW, DQ, VL).
    public static var hasAVX512ForOpenBLAS: Bool {
        ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags().contains)
    }

    /// True when `flags` include AVX512-BF16 (`vdpbf16ps`: bf16 dot products with fp32 sums).
    public static func hasAVX512BF16(_ flags: Set<String>) -> Bool { flags.contains("avx512_bf16") }

    /// True when `flags` include AMX tiles with bf16 (`amx_tile` and `amx_bf16`).
    public static func hasAMXBF16(_ flags: Set<String>) -> Bool { flags.contains("amx_tile") && flags.contains("amx_bf16") }

    static func field(_ key: String) -> String? {
        ProcFile.read("/proc/cpuinfo").flatMap { ProcFile.value(of: key, in: $0) }
    }
}
