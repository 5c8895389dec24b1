// How much of its bound a coarse stretch uses: for fnlwgt's beta fitted to the 1,000,000-row adult (the shape of
// quantile_table_tail.swift), DRAWS seeded normal scores above the table's verified run, the largest
// |interpolant − exact ppf(Φ(z))| against the stretch's bound (8x the largest midpoint difference), overall and
// by eighths of the stretch. Compiled with one revision's Sources/SynthMath/Special/*.swift,
// NormalScoreQuantileTable.swift and beta_table_shim.swift by scripts/bench/coarse_stretch_margin.sh
// (with bench_support.swift).
//   coarse_stretch_margin DRAWS
import Foundation

guard CommandLine.arguments.count == 2, let draws = Int(CommandLine.arguments[1]) else {
    print("usage: coarse_stretch_margin DRAWS")
    exit(2)
}
let fnlwgt = Beta(a: 3.8440550157326898, b: 1605894.7189225056, loc: -16512.510697977486, scale: 86244062435.713577)
let table = NormalScoreQuantileTable(fnlwgt)
guard let stretch = table.coarseStretches.first(where: { $0.zLow == table.zHigh }) else {
    print("no coarse stretch above z = \(table.zHigh)")
    exit(1)
}
var stream = SeededStream(state: 2112)
var worst = [Double](repeating: 0, count: 8), done = 0
while done < draws {
    var zs = [Double]()
    while zs.count < min(1_000_000, draws - done) {
        let z = stream.normal()
        if z > stretch.zLow, z <= stretch.zHigh { zs.append(z) }
    }
    let exact = fnlwgt.exactPPF(zs.map { Special.normalCDF($0) })
    for (z, e) in zip(zs, exact) {
        let part = min(7, Int((z - stretch.zLow) / (stretch.zHigh - stretch.zLow) * 8))
        worst[part] = max(worst[part], abs(stretch.value(z) - e))
    }
    done += zs.count
}
print(String(format: "coarse stretch z in [%.4f, %.1f], bound %.3e; %d draws: largest difference %.3e = %.3f of the bound",
             stretch.zLow, stretch.zHigh, stretch.bound, done, worst.max()!, worst.max()! / stretch.bound))
print("by eighths of the stretch:", worst.map { String(format: "%.2e", $0) }.joined(separator: " "))
