// The copula's quantile pass over one sampling block, by column or in row tiles: a 65,536 x 15 row-major block
// of seeded normal scores (adult's modelled columns) goes through 15 NormalScoreQuantileTables, either each
// column over the whole block (reading its scores 120 bytes apart from the 8 MB block, as sampleBlock did) or
// every column over 512-row tiles (GaussianCopulaSynthesizer.quantileTileRows). Compiled with one revision's
// Sources/SynthMath/Special/*.swift, NormalScoreQuantileTable.swift and beta_table_shim.swift by
// scripts/bench/copula_quantile_tiles.sh (with bench_support.swift).
//   copula_quantile_tiles columns|tiles BLOCKS REPEATS   CPU seconds per repeat and the values' digest
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 4, ["columns", "tiles"].contains(arguments[1]), let blocks = Int(arguments[2]),
      let repeats = Int(arguments[3]) else {
    print("usage: copula_quantile_tiles columns|tiles BLOCKS REPEATS")
    exit(2)
}
let rows = 65_536, d = 15, tile = 512
// Fifteen betas whose tables verify whole (the copula's uniform-encoded and numerical columns at adult x30).
let tables = (0..<d).map { j in
    NormalScoreQuantileTable(Beta(a: 1.5 + 0.3 * Double(j), b: 2 + 0.7 * Double(j), loc: -Double(j), scale: 10 + Double(j)))
}
var stream = SeededStream(state: 5)
let scores = (0..<(rows * d)).map { _ in stream.normal() }
var h: UInt64 = 0xcbf2_9ce4_8422_2325
for _ in 0..<repeats {
    var seconds = 0.0
    for _ in 0..<blocks {
        let start = cpuSeconds()
        var columns = (0..<d).map { _ in [Double](unsafeUninitializedCapacity: rows) { $1 = rows } }
        scores.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            if arguments[1] == "columns" {
                for j in 0..<d {
                    columns[j].withUnsafeMutableBufferPointer { tables[j].values(base + j, stride: d, count: rows, into: $0) }
                }
            } else {
                for first in stride(from: 0, to: rows, by: tile) {
                    let n = min(tile, rows - first)
                    for j in 0..<d {
                        columns[j].withUnsafeMutableBufferPointer { o in
                            tables[j].values(base + first * d + j, stride: d, count: n,
                                             into: UnsafeMutableBufferPointer(rebasing: o[first..<(first + n)]))
                        }
                    }
                }
            }
        }
        seconds += cpuSeconds() - start   // the digest below is not timed
        for c in columns { for v in c { h = (h ^ v.bitPattern) &* 0x0000_0100_0000_01b3 } }
    }
    print(String(format: "%@: %d blocks of %d x %d: %.3f CPU s, %.1f ns per value, digest %016llx", arguments[1],
                 blocks, rows, d, seconds, seconds / Double(blocks * rows * d) * 1e9, h))
}
