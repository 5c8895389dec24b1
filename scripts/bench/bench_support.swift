// Shared by the standalone benches whose scripts copy it beside their main.swift (quantile_table_tail,
// copula_quantile_tiles, uniform_category_search, coarse_stretch_margin): process CPU seconds, an FNV-1a digest
// of doubles' bit patterns, and a seeded SplitMix64 stream of uniforms and Box–Muller normals (the benches' own,
// not synthbench's RandomStream).
import Foundation

/// User plus system CPU seconds of this process.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) * 1e-6
        + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) * 1e-6
}

/// FNV-1a over the values' bit patterns, byte by byte.
func digest(_ values: [Double]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for v in values {
        var bits = v.bitPattern
        for _ in 0..<8 { h = (h ^ (bits & 0xff)) &* 0x0000_0100_0000_01b3; bits >>= 8 }
    }
    return h
}

/// SplitMix64 uniforms in [0, 1) and normals from two of them.
struct SeededStream {
    var state: UInt64

    mutating func uniform() -> Double {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
    }

    mutating func normal() -> Double {
        let u1 = uniform(), u2 = uniform()
        return (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
