// The exact beta quantile of a Gaussian copula's untabulated tail, alone: loc + scale · I⁻¹_p(a, b) with
// p = Φ(z) for seeded normal draws z above a cut, as NormalScoreQuantileTable evaluates the z beyond its
// verified run. Compiled together with one revision's Sources/SynthMath/Special/*.swift and a one-function
// shim (`invertAll`, that revision's inverse of many p with one (a, b)) by scripts/bench/beta_ppf_tail.sh
// (with bench_support.swift), which alternates two revisions.
//   beta_ppf_tail time DRAWS REPEATS   prints CPU seconds, ns per draw and the values' digest per repeat
//   beta_ppf_tail digest               prints the digest of BetaPPFBitIdentityTests' grid
//   beta_ppf_tail cdf POINTS REPEATS   the same for I_z(a, b) at POINTS z distributed as the fitted beta (what
//                                      the copula's normal scores of fnlwgt evaluate in the fit)
// The shapes are fnlwgt's beta fitted by SynthBench to the 1,000,000-row adult of `bench scale --point 1000001`
// (a = 3.844, b = 1,605,895; its copula table covers z in [-4.5, 0.638] only, 4,677 of 8,192 intervals).
import Foundation

/// The grid of BetaPPFBitIdentityTests (keep the two in step).
let gridShapes: [(a: Double, b: Double, loc: Double, scale: Double)] = [
    (3.8440550157326898, 1605894.7189225056, -16512.510697977486, 86244062435.713577),
    (3.947384868731781, 11376.894118046692, -18424.51455026283, 600168098.7443227),
    (0.3, 0.7, 0, 1), (2.5, 0.4, 10, 5), (0.05, 30, -1, 2), (1, 1, 0, 1), (450, 3.2, 0, 100),
]
func gridProbabilities() -> [Double] {
    let n = 4001
    var ps = (0..<n).map { Special.normalCDF(-7.5 + 15 * Double($0) / Double(n - 1)) }
    ps += [0, 1, Double.leastNonzeroMagnitude, 1e-300, 1e-12, 0.5, 1 - 1e-12, 1 - 1e-9, 1 - 0x1p-53, 0.5.nextUp]
    return ps
}

let arguments = CommandLine.arguments
if arguments.count == 2, arguments[1] == "digest" {
    let ps = gridProbabilities()
    for s in gridShapes {
        let values = invertAll(s.a, s.b, ps).map { s.loc + s.scale * $0 }
        print(String(format: "a %.17g b %.17g: %016llx", s.a, s.b, digest(values)))
    }
    exit(0)
}
guard arguments.count == 4, ["time", "cdf"].contains(arguments[1]), let draws = Int(arguments[2]),
      let repeats = Int(arguments[3]) else {
    print("usage: beta_ppf_tail time|cdf COUNT REPEATS | beta_ppf_tail digest")
    exit(2)
}
let fnlwgt = gridShapes[0], cut = 0.6383056640625
// Seeded normal draws above the cut (SplitMix64, Box–Muller): the bench's own, not the copula's stream.
var state: UInt64 = 21
func uniform() -> Double {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
}
var ps = [Double]()
ps.reserveCapacity(draws)
while ps.count < draws {
    let z = (-2 * log(1 - uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    if z > cut { ps.append(Special.normalCDF(z)) }
}
if arguments[1] == "cdf" {
    let zs = invertAll(fnlwgt.a, fnlwgt.b, (0..<draws).map { _ in uniform() })
    for _ in 0..<repeats {
        let start = cpuSeconds()
        let out = cdfAll(fnlwgt.a, fnlwgt.b, zs)
        let seconds = cpuSeconds() - start
        print(String(format: "%d incomplete betas: %.3f CPU s, %.0f ns each, digest %016llx", draws, seconds,
                     seconds / Double(draws) * 1e9, digest(out)))
    }
    exit(0)
}
for _ in 0..<repeats {
    let start = cpuSeconds()
    let out = invertAll(fnlwgt.a, fnlwgt.b, ps).map { fnlwgt.loc + fnlwgt.scale * $0 }
    let seconds = cpuSeconds() - start
    print(String(format: "%d draws above z %.3f: %.3f CPU s, %.0f ns per draw, digest %016llx", draws, cut,
                 seconds, seconds / Double(draws) * 1e9, digest(out)))
}
