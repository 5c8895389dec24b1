// The copula's quantile table on fnlwgt's column alone: NormalScoreQuantileTable.values on seeded normal scores
// for fnlwgt's beta fitted to the 1,000,000-row adult of `bench scale --point 1000001`, whose table verifies only
// up to z = 0.638 (the 26 % of draws above it were inverted exactly). Compiled together with one revision's
// Sources/SynthMath/Special/*.swift and NormalScoreQuantileTable.swift, beta_table_shim.swift, bench_support.swift
// and `tableValues`, that revision's call (with the rounding to whole numbers that FloatFormatter applies to
// fnlwgt where the revision takes it), by scripts/bench/quantile_table_tail.sh.
//   quantile_table_tail ROWS REPEATS   prints CPU seconds per repeat and the digest of the rounded values, then
//                                      how many draws above the verified run were taken from the table
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3, let rows = Int(arguments[1]), let repeats = Int(arguments[2]) else {
    print("usage: quantile_table_tail ROWS REPEATS")
    exit(2)
}
let fnlwgt = Beta(a: 3.8440550157326898, b: 1605894.7189225056, loc: -16512.510697977486, scale: 86244062435.713577)
let start = cpuSeconds()
let table = NormalScoreQuantileTable(fnlwgt)
print(String(format: "table: %.3f CPU s, verified z in [%.4f, %.4f]", cpuSeconds() - start, table.zLow, table.zHigh))
// Seeded standard normal scores: the bench's own stream, not the copula's.
var stream = SeededStream(state: 21)
let zs = (0..<rows).map { _ in stream.normal() }
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
