// The copula's quantile table on fnlwgt's column alone: NormalScoreQuantileTable.values on seeded normal scores
// for fnlwgt's beta fitted to the 1,000,000-row adult of `bench scale --point 1000001`, whose table verifies only
// up to z = 0.638 (the 26 % of draws above it were inverted exactly). Compiled together with one revision's
// Sources/SynthMath/Special/*.swift and NormalScoreQuantileTable.swift and a shim (a beta with what the table
// asks of a distribution, and `tableValues`, that revision's call: with the rounding to whole numbers that
// FloatFormatter applies to fnlwgt where the revision takes it) by scripts/bench/quantile_table_tail.sh.
//   quantile_table_tail ROWS REPEATS   prints CPU seconds per repeat and the digest of the rounded values, then
//                                      how many draws above the verified run were taken from the table
import Foundation

func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) * 1e-6
        + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) * 1e-6
}

/// FNV-1a over the values' bit patterns.
func digest(_ values: [Double]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for v in values {
        var bits = v.bitPattern
        for _ in 0..<8 { h = (h ^ (bits & 0xff)) &* 0x0000_0100_0000_01b3; bits >>= 8 }
    }
    return h
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let rows = Int(arguments[1]), let repeats = Int(arguments[2]) else {
    print("usage: quantile_table_tail ROWS REPEATS")
    exit(2)
}
let fnlwgt = Beta(a: 3.8440550157326898, b: 1605894.7189225056, loc: -16512.510697977486, scale: 86244062435.713577)
let start = cpuSeconds()
let table = NormalScoreQuantileTable(fnlwgt)
print(String(format: "table: %.3f CPU s, verified z in [%.4f, %.4f]", cpuSeconds() - start, table.zLow, table.zHigh))
// Seeded standard normal scores (SplitMix64, Box–Muller): the bench's own, not the copula's stream.
var state: UInt64 = 21
func uniform() -> Double {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
}
let zs = (0..<rows).map { _ in (-2 * log(1 - uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
var last = [Double]()
for _ in 0..<repeats {
    let start = cpuSeconds()
    let out = tableValues(table, zs)
    last = out
    let seconds = cpuSeconds() - start
    let rounded = out.map { $0.rounded(.toNearestOrEven) }
    print(String(format: "%d rows: %.3f CPU s, %.0f ns per row, digest of the rounded values %016llx", rows, seconds,
                 seconds / Double(rows) * 1e9, digest(rounded)))
}
// The draws above the verified run against their exact values (bit for bit: taken from the table when they differ).
let tail = zs.indices.filter { zs[$0] > table.zHigh }
let exact = fnlwgt.exactPPF(tail.map { Special.normalCDF(zs[$0]) })
let fromTable = zip(tail, exact).filter { last[$0].bitPattern != $1.bitPattern }.count
let unlike = zip(tail, exact).filter { last[$0].rounded(.toNearestOrEven) != $1.rounded(.toNearestOrEven) }.count
print("above the verified run: \(tail.count) rows, \(fromTable) from the table, \(tail.count - fromTable) exact, "
      + "\(unlike) rounded values unlike the exact ones'")
