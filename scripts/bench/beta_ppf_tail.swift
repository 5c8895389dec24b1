// The exact beta quantile of a Gaussian copula's untabulated tail, alone: loc + scale · I⁻¹_p(a, b) with
// p = Φ(z) for seeded normal draws z above a cut, as NormalScoreQuantileTable evaluates the z beyond its
// verified run. Compiled together with one revision's Sources/SynthMath/Special/*.swift and a one-function
// shim (`makeInverter`, that revision's per-shape inverse) by scripts/bench/beta_ppf_tail.sh, which alternates
// two revisions.
//   beta_ppf_tail time DRAWS REPEATS   prints CPU seconds, ns per draw and the values' digest per repeat
//   beta_ppf_tail digest               prints the digest of BetaPPFBitIdentityTests' grid
// The shapes are fnlwgt's beta on a 1,000,001-row adult as scipy fits it (a = 3.947, b = 11,377): the copula's
// table for it stops at z = 0.638, where x crosses the incomplete beta's continued-fraction switch
// (a + 1)/(a + b + 2) and the exact values turn noisy at the 1e-10 level.
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

/// The grid of BetaPPFBitIdentityTests (keep the two in step).
let gridShapes: [(a: Double, b: Double, loc: Double, scale: Double)] = [
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
        let invert = makeInverter(s.a, s.b)
        print(String(format: "a %.17g b %.17g: %016llx", s.a, s.b, digest(ps.map { s.loc + s.scale * invert($0) })))
    }
    exit(0)
}
guard arguments.count == 4, arguments[1] == "time", let draws = Int(arguments[2]), let repeats = Int(arguments[3]) else {
    print("usage: beta_ppf_tail time DRAWS REPEATS | beta_ppf_tail digest")
    exit(2)
}
let fnlwgt = gridShapes[0], cut = 0.638
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
let invert = makeInverter(fnlwgt.a, fnlwgt.b)
for _ in 0..<repeats {
    var out = [Double](repeating: 0, count: draws)
    let start = cpuSeconds()
    for (i, p) in ps.enumerated() { out[i] = fnlwgt.loc + fnlwgt.scale * invert(p) }
    let seconds = cpuSeconds() - start
    print(String(format: "%d draws above z %.3f: %.3f CPU s, %.0f ns per draw, digest %016llx", draws, cut,
                 seconds, seconds / Double(draws) * 1e9, digest(out)))
}
