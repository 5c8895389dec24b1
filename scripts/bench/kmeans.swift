// Standalone timing of SynthCity's k-means anonymity fits on adult, before and after SynthMath.KMeans
// took scikit-learn's rules:
// - old: k-means++ (one candidate per centre), Lloyd until no label changes, at most 300 iterations (a copy of
//   KMeans before the change; its seeding's dgemm distances replaced by a direct loop, a few passes either way);
// - new: greedy k-means++ (2 + ⌊ln k⌋ candidates), Lloyd until no label change or the centres' squared shift
//   ≤ 1e-4 × the mean column variance, then a relabel; empty clusters relocated (a copy of KMeans after it).
// Both assign rows through the Euclidean neighbour kernel of Sources/CSynthKernels/euclidean.c, as SynthMath did;
// - kernel: `new` with its assignment and cluster sums through synth_kmeans_assign (Sources/CSynthKernels/kmeans.c),
//   as SynthMath's KMeansAssignment now does (the same labels and sums bit for bit: `check` compares them).
//
//   for f in euclidean kmeans; do clang -O2 -c -ISources/CSynthKernels/include Sources/CSynthKernels/$f.c -o /tmp/$f.o; done
//   mkdir -p /tmp/kmeans && cp scripts/bench/kmeans.swift /tmp/kmeans/main.swift   # top-level code: main.swift
//   swiftc -O /tmp/kmeans/main.swift scripts/bench/adult_codes.swift -import-objc-header scripts/bench/privacy_kernels.h \
//       /tmp/euclidean.o /tmp/kmeans.o -lopenblas -o /tmp/kmeans_bench
//   OPENBLAS_CORETYPE=Cooperlake OPENBLAS_NUM_THREADS=1 /tmp/kmeans_bench old|new|kernel|check [ADULT_DATA] [SEED]
//
// Data: adult's 32,561 training rows label-encoded (codes by first appearance, numbers unscaled) without the
// income column, as ClusterAnonymity's quasi-identifiers, and a 32,561-row table drawing every column
// independently from them (seeded): the fits of `k-anonymization` (k ∈ {2, 5, 10, 15} on each table, 8 fits).
// Prints the process CPU seconds of the fits alone (not the data loading), and per fit k, the Lloyd
// iterations and the smallest cluster.
import Foundation

struct Matrix { var rows: Int; var cols: Int; var storage: [Double] }

func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

/// SplitMix64: the independent-columns table and the k-means draws.
struct SplitMix {
    var s: UInt64
    mutating func next() -> UInt64 { s &+= 0x9E3779B97F4A7C15; var z = s; z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; return z ^ (z >> 31) }
    mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func nextInt(below n: Int) -> Int { Int(next() % UInt64(n)) }
}

func independentColumns(_ m: Matrix, seed: UInt64) -> Matrix {
    var rng = SplitMix(s: seed), out = m
    for c in 0..<m.cols { for i in 0..<m.rows { out.storage[i * m.cols + c] = m.storage[rng.nextInt(below: m.rows) * m.cols + c] } }
    return out
}

func nearest(_ x: Matrix, _ centres: Matrix) -> [Int] {
    let lanes: Int32 = synth_euclid_supports(8) != 0 ? 8 : 4
    var first = [Double](repeating: .infinity, count: x.rows), second = first
    var index = [Int64](repeating: -1, count: x.rows)
    let status = synth_euclid_search(lanes, x.storage, Int64(x.rows), centres.storage, Int64(centres.rows), Int64(x.cols),
                                     nil, &first, &second, &index)
    precondition(status == 0)
    return index.map(Int.init)
}

func squaredDistances(_ x: Matrix, toRow r: Int) -> [Double] {
    let n = x.rows, d = x.cols
    return x.storage.withUnsafeBufferPointer { p in
        (0..<n).map { i in var s = 0.0; for j in 0..<d { let v = p[i * d + j] - p[r * d + j]; s += v * v }; return s }
    }
}

func means(_ x: Matrix, _ labels: [Int], _ k: Int) -> (sums: [Double], counts: [Int]) {
    let n = x.rows, d = x.cols
    var sums = [Double](repeating: 0, count: k * d), counts = [Int](repeating: 0, count: k)
    for i in 0..<n { counts[labels[i]] += 1; for j in 0..<d { sums[labels[i] * d + j] += x.storage[i * d + j] } }
    return (sums, counts)
}

// MARK: before

func oldKMeans(_ x: Matrix, _ k: Int, _ rng: inout SplitMix) -> (labels: [Int], iterations: Int) {
    let n = x.rows, d = x.cols
    var centres = Matrix(rows: k, cols: d, storage: [Double](repeating: 0, count: k * d))
    let first = rng.nextInt(below: n)
    for j in 0..<d { centres.storage[j] = x.storage[first * d + j] }
    var nearestSq = [Double](repeating: .infinity, count: n)
    var last = first
    for c in 1..<k {
        let dist = squaredDistances(x, toRow: last)
        for i in 0..<n { nearestSq[i] = min(nearestSq[i], dist[i]) }
        let total = nearestSq.reduce(0, +)
        var pick = n - 1
        if total > 0 {
            var u = rng.nextDouble() * total
            for i in 0..<n { u -= nearestSq[i]; if u <= 0 { pick = i; break } }
        } else { pick = rng.nextInt(below: n) }
        for j in 0..<d { centres.storage[c * d + j] = x.storage[pick * d + j] }
        last = pick
    }
    var labels = [Int](repeating: -1, count: n), iterations = 0
    for _ in 0..<300 {
        iterations += 1
        var changed = false
        let nn = nearest(x, centres)
        for i in 0..<n where labels[i] != nn[i] { labels[i] = nn[i]; changed = true }
        if !changed { break }
        let (sums, counts) = means(x, labels, k)
        for c in 0..<k where counts[c] > 0 { for j in 0..<d { centres.storage[c * d + j] = sums[c * d + j] / Double(counts[c]) } }
    }
    return (labels, iterations)
}

// MARK: after

var useKernel = false

/// The assignment step: labels, cluster sums and sizes.
func assign(_ x: Matrix, _ centres: Matrix) -> (labels: [Int], sums: [Double], counts: [Int]) {
    if useKernel {
        let k = centres.rows
        var labels = [Int64](repeating: 0, count: x.rows), counts = [Int64](repeating: 0, count: k)
        var sums = [Double](repeating: 0, count: k * x.cols)
        let build: Int32 = synth_kmeans_supports(2) != 0 ? 2 : 1
        precondition(synth_kmeans_assign(build, x.storage, Int64(x.rows), Int64(x.cols), centres.storage, Int64(k),
                                         &labels, &sums, &counts) == 0)
        return (labels.map(Int.init), sums, counts.map(Int.init))
    }
    let labels = nearest(x, centres)
    let (sums, counts) = means(x, labels, centres.rows)
    return (labels, sums, counts)
}

func newKMeans(_ x: Matrix, _ k: Int, _ rng: inout SplitMix) -> (labels: [Int], iterations: Int) {
    let n = x.rows, d = x.cols
    var centres = Matrix(rows: k, cols: d, storage: [Double](repeating: 0, count: k * d))
    let first = rng.nextInt(below: n)
    for j in 0..<d { centres.storage[j] = x.storage[first * d + j] }
    var closest = squaredDistances(x, toRow: first), potential = closest.reduce(0, +)
    let trials = 2 + Int(log(Double(k)))
    for c in 1..<k {
        var cumulative = closest
        for i in 1..<n { cumulative[i] += cumulative[i - 1] }
        let draws = (0..<trials).map { _ in rng.nextDouble() * potential }
        var best: (potential: Double, row: Int, distances: [Double]) = (.infinity, 0, [])
        for u in draws {
            var lo = 0, hi = n
            while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < u { lo = mid + 1 } else { hi = mid } }
            let row = min(lo, n - 1)
            var distances = squaredDistances(x, toRow: row), sum = 0.0
            for i in 0..<n { distances[i] = min(distances[i], closest[i]); sum += distances[i] }
            if sum < best.potential { best = (sum, row, distances) }
        }
        potential = best.potential; closest = best.distances
        for j in 0..<d { centres.storage[c * d + j] = x.storage[best.row * d + j] }
    }
    var variance = 0.0
    for j in 0..<d {
        var m = 0.0; for i in 0..<n { m += x.storage[i * d + j] }; m /= Double(n)
        var ss = 0.0; for i in 0..<n { let v = x.storage[i * d + j] - m; ss += v * v }
        variance += ss / Double(n)
    }
    let tolerance = 1e-4 * variance / Double(d)
    var labels = [Int](repeating: -1, count: n), iterations = 0, strict = false
    while iterations < 300 {
        iterations += 1
        let step = assign(x, centres), assigned = step.labels
        var sums = step.sums, counts = step.counts
        let empty = counts.indices.filter { counts[$0] == 0 }
        if !empty.isEmpty {
            let dist = (0..<n).map { i in var s = 0.0; for j in 0..<d { let v = x.storage[i * d + j] - centres.storage[assigned[i] * d + j]; s += v * v }; return s }
            if dist.max()! > 0 {
                let far = dist.indices.sorted { dist[$0] != dist[$1] ? dist[$0] > dist[$1] : $0 < $1 }
                for (c, row) in zip(empty, far) {
                    for j in 0..<d { sums[assigned[row] * d + j] -= x.storage[row * d + j]; sums[c * d + j] = x.storage[row * d + j] }
                    counts[c] = 1; counts[assigned[row]] -= 1
                }
            }
        }
        var next = sums
        for c in 0..<k where counts[c] > 0 { for j in 0..<d { next[c * d + j] /= Double(counts[c]) } }
        let largest = counts.indices.max { counts[$0] < counts[$1] }!
        for c in 0..<k where counts[c] == 0 { for j in 0..<d { next[c * d + j] = next[largest * d + j] } }
        var shift = 0.0
        for e in 0..<(k * d) { let v = next[e] - centres.storage[e]; shift += v * v }
        centres.storage = next
        if assigned == labels { strict = true; break }
        labels = assigned
        if shift <= tolerance { break }
    }
    if !strict { labels = assign(x, centres).labels }
    return (labels, iterations)
}

let args = CommandLine.arguments
let mode = args.count > 1 ? args[1] : "new"
let path = args.count > 2 ? args[2] : "/work/main/datasets/.cache/adult.data"
let seed = args.count > 3 ? UInt64(args[3])! : 7
let real = loadAdult(path, columns: 14)
let synthetic = independentColumns(real, seed: 20261206)
if mode == "check" {
    // The kernel's labels and sums against the neighbour search's labels and the Swift sums, at every start row.
    var same = true
    for k in [2, 5, 10, 15] {
        var rng = SplitMix(s: seed &+ UInt64(k))
        let centres = Matrix(rows: k, cols: real.cols, storage: (0..<k).flatMap { _ -> [Double] in
            let r = rng.nextInt(below: real.rows); return Array(real.storage[(r * real.cols)..<((r + 1) * real.cols)]) })
        useKernel = false; let a = assign(real, centres)
        useKernel = true; let b = assign(real, centres)
        same = same && a.labels == b.labels && a.sums == b.sums && a.counts == b.counts
    }
    print("check\tidentical=\(same)")
    exit(same ? 0 : 1)
}
useKernel = mode == "kernel"
let fit: (Matrix, Int, inout SplitMix) -> (labels: [Int], iterations: Int) = mode == "old" ? oldKMeans : newKMeans
let start = cpuSeconds()
var report: [String] = []
for (name, table) in [("real", real), ("synthetic", synthetic)] {
    for k in [2, 5, 10, 15] {
        var rng = SplitMix(s: seed &+ UInt64(k) &+ (name == "real" ? 0 : 1000))
        let (labels, iterations) = fit(table, k, &rng)
        var counts = [Int](repeating: 0, count: k)
        for c in labels { counts[c] += 1 }
        report.append("\(name) k=\(k): \(iterations) it, smallest \(counts.filter { $0 > 0 }.min()!)")
    }
}
let cpu = cpuSeconds() - start
print("\(mode)\tcpu_s=\(String(format: "%.3f", cpu))\trows=\(real.rows)\t" + report.joined(separator: "; "))
