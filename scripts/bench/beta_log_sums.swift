// The beta likelihood's Σ log z and Σ log(1 − z) (BetaLikelihood.logSums) of one revision, timed and digested:
// compiled by scripts/bench/beta_log_sums.sh with that revision's code behind `sums(_:loc:scale:)`.
//   bench time N EVALS   N sorted values in [0, 1) (a uniform-encoded column of adult x30 has 976,830), EVALS
//                        evaluations at Nelder–Mead-like (loc, scale) pairs; prints process CPU ns per value
//   bench digest         FNV-1a of the bits of both sums over 400 seeded data sets and (loc, scale) pairs
import Foundation

struct Stream {  // xorshift64*, seeded: the bench's own data, identical on both sides
    var state: UInt64
    mutating func next() -> Double {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return Double((state &* 2_685_821_657_736_338_717) >> 11) * 0x1p-53
    }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// The values whose z lies in [2⁻⁶⁰, 1), as BetaLikelihood passes them.
func inside(_ data: [Double], _ loc: Double, _ scale: Double) -> [Double] {
    data.filter { let z = ($0 - loc) / scale; return z >= 0x1p-60 && z < 1 }
}

let args = CommandLine.arguments
var rng = Stream(state: 0x9E37_79B9_7F4A_7C15)
if args[1] == "time" {
    let n = Int(args[2])!, evals = Int(args[3])!
    let data = (0..<n).map { _ in rng.next() }.sorted()
    var acc = 0.0
    let start = cpuSeconds()
    for e in 0..<evals {
        let loc = -1e-4 * Double(e % 17) / 17, scale = 1.0001 + 1e-3 * Double(e % 29) / 29
        let r = data.withUnsafeBufferPointer { sums($0, loc: loc, scale: scale) }
        acc += r.0 + r.1
    }
    let cpu = cpuSeconds() - start
    print(String(format: "%.3f ns per value, %.3f ms per evaluation (check %.6e)", cpu / Double(n * evals) * 1e9,
                 cpu / Double(evals) * 1e3, acc))
} else {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ x: Double) { hash = (hash ^ x.bitPattern) &* 0x100_0000_01b3 }
    for trial in 0..<400 {
        let n = [1, 7, 8, 9, 127, 128, 129, 1_000, 5_003, 40_000][trial % 10]
        let width = pow(10, rng.next() * 16 - 8), lo = (rng.next() - 0.5) * 1e3
        var data = (0..<n).map { _ in lo + width * rng.next() }
        if trial % 2 == 0 { data.sort() }
        let loc = lo - width * 1e-3 * rng.next()
        let scale = trial % 7 == 0 ? 0x1p-3 * width.binade : data.max()! - loc + width * 1e-9 * Double(trial % 3)
        let r = inside(data, loc, scale).withUnsafeBufferPointer { sums($0, loc: loc, scale: scale) }
        mix(r.0); mix(r.1)
    }
    print(String(hash, radix: 16))
}
