// The 8 k-means fits of `anonymity.cluster_k_anonymization` on adult with SynthMath's own KMeans sources (compiled
// alone by scripts/bench/kmeans_fits.sh, one revision at a time): k ∈ {2, 5, 10, 15} on adult's 32,561 training
// rows (14 columns label-encoded by first appearance, numbers unscaled, income left out) and on a table drawing
// every column independently from them, seeded as ClusterAnonymity seeds its fits. Prints the Lloyd iterations,
// a digest of every fit's labels, centres and predictions of the training rows (equal digests: the same bits),
// and the smallest process CPU seconds of the fits over KMEANS_REPEAT runs (default 3).
import Foundation

func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }
let real = loadAdult("ADULT_PATH", columns: 14)
var shuffle = RandomStream(seed: 20261206)
var synth = real
for c in 0..<14 { for i in 0..<real.rows { synth.storage[i * 14 + c] = real.storage[shuffle.nextInt(below: real.rows) * 14 + c] } }
var best = Double.infinity, summary = ""
for _ in 0..<Int(ProcessInfo.processInfo.environment["KMEANS_REPEAT"] ?? "3")! {
    let t = cpuSeconds()
    var its: [Int] = []
    var digest: UInt64 = 1469598103934665603
    for (name, x) in [("real", real), ("synthetic", synth)] {
        for k in [2, 5, 10, 15] {
            var rng = RandomStream(seed: 7).derived("anonymity.kmeans.\(name).\(k)")
            let fit = KMeans(x, clusters: k, rng: &rng)
            its.append(fit.iterations)
            for v in fit.labels { digest = (digest ^ UInt64(v)) &* 1099511628211 }
            for v in fit.centres.storage { digest = (digest ^ v.bitPattern) &* 1099511628211 }
            for v in fit.predict(real) { digest = (digest ^ UInt64(v)) &* 1099511628211 }
        }
    }
    best = min(best, cpuSeconds() - t)
    summary = "iterations \(its) digest \(String(digest, radix: 16))"
}
print("\(summary) cpu_s=\(String(format: "%.3f", best))")
