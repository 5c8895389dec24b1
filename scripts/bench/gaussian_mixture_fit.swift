// Standalone timing of one GaussianMixture fit (SynthMath.Density) the size of a detection_gmm fold on adult:
// 10 components, full covariances, EM with scikit-learn's defaults, on 52,097 rows (4/5 of adult's 32,561
// training rows stacked on a table drawing every column independently from them), 15 label-encoded columns.
// SynthMath's own sources are compiled into the program, so the pair is two checkouts of SynthMath:
//
//   mkdir -p /tmp/gmm/mm /tmp/gmm/old && git archive BEFORE Sources/SynthMath | tar -x -C /tmp/gmm/old
//   printf 'module CSynthKernels {\n  header "%s"\n  export *\n}\n' "$PWD/Sources/CSynthKernels/include/CSynthKernels.h" > /tmp/gmm/mm/module.modulemap
//   for f in Sources/CSynthKernels/*.c; do clang -O2 -c -ISources/CSynthKernels/include $f -o /tmp/gmm/$(basename $f .c).o; done
//   cp scripts/bench/gaussian_mixture_fit.swift /tmp/gmm/main.swift   # swiftc wants top-level code in main.swift
//   for side in old new; do src=$([ $side = old ] && echo /tmp/gmm/old/Sources/SynthMath || echo Sources/SynthMath)
//     swiftc -O -package-name bench -module-name GMMBench $(find $src -name '*.swift') /tmp/gmm/main.swift \
//       -I Sources/CBLAS -I Sources/CLAPACKE -I /tmp/gmm/mm /tmp/gmm/*.o -lopenblas -llapacke -o /tmp/gmm/gmm-$side; done
//   OPENBLAS_CORETYPE=Cooperlake OPENBLAS_NUM_THREADS=1 /tmp/gmm/gmm-old; ... /tmp/gmm/gmm-new   (alternate)
//
// Prints the process CPU seconds of the fit
// alone, its EM iterations, and the bit patterns of the weights, a sum of the means and a sum of log densities:
// equal bits on both sides mean the same fit; the mean log density of the fitted rows shows how far apart two
// fits are when the bits differ. With GMM_DUMP=PATH it also writes the rows (PATH.x, float64) and the k-means
// start's labels (PATH.labels, int64) for scripts/reference/gaussian_mixture_em.py (scikit-learn's EM on them).
import Foundation
func cpu() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }
var codes: [[String: Double]] = Array(repeating: [:], count: 15)
/// Label-encoded rows of a CSV (codes shared across files, in order of appearance; missing values a code too).
func encoded(_ path: String, skipHeader: Bool) -> (storage: [Double], rows: Int) {
    let text = try! String(contentsOfFile: path, encoding: .utf8)
    var storage: [Double] = [], rows = 0
    for line in text.split(separator: "\n").dropFirst(skipHeader ? 1 : 0) {
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard f.count == 15 else { continue }
        for (c, v) in f.enumerated() { if let x = Double(v) { storage.append(x) } else { if codes[c][v] == nil { codes[c][v] = Double(codes[c].count) }; storage.append(codes[c][v]!) } }
        rows += 1
    }
    return (storage, rows)
}
let (storage, rows) = encoded("/work/main/datasets/.cache/adult.data", skipHeader: false)
var rng = RandomStream(seed: 3)
var syn = storage
// GMM_SYNTHETIC=CSV: a synthetic adult table (e.g. gc's) stacked on the training rows, as detection_gmm stacks
// them, the first 80 % of a seeded shuffle as the fold; else a table drawing every column independently.
let syntheticPath = ProcessInfo.processInfo.environment["GMM_SYNTHETIC"]
if let syntheticPath { syn = encoded(syntheticPath, skipHeader: true).storage } else {
    for c in 0..<15 { for i in 0..<rows { syn[i * 15 + c] = storage[rng.nextInt(below: rows) * 15 + c] } }
}
var all = storage + syn
if syntheticPath != nil {
    var order = Array(0..<(all.count / 15))
    for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
    all = order.flatMap { all[($0 * 15)..<($0 * 15 + 15)] }
}
let n = Int(Double(all.count / 15) * 0.8)
let x = Matrix(rows: n, cols: 15, storage: Array(all[0..<(n * 15)]))
let t0 = cpu()
let g = try! GaussianMixture(data: x, options: .init(components: 10), seed: 1)
let t1 = cpu()
print("fit cpu_s=\(t1 - t0) iterations=\(g.iterations) converged=\(g.converged)")
print("weights", g.weights.map { String($0.bitPattern, radix: 16) }.joined(separator: ","))
print("means", g.means.flatMap { $0 }.reduce(0, +).bitPattern)
print("logdensity", g.logDensity(Matrix(rows: 1000, cols: 15, storage: Array(x.storage[0..<15000]))).reduce(0, +).bitPattern)
print("mean_log_density", g.logDensity(x).reduce(0, +) / Double(n))
if let path = ProcessInfo.processInfo.environment["GMM_DUMP"] {
    var start = RandomStream(seed: 1)
    let labels = KMeans(x, clusters: 10, rng: &start).labels.map(Int64.init)
    try! x.storage.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: path + ".x"))
    try! labels.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: path + ".labels"))
}
// GMM_FOLDS=1 (with GMM_SYNTHETIC): detection_gmm's whole work, 5 folds of the shuffled rows, each a fit on the
// other four (k-means start included) and the held-out fold's responsibilities; the CPU seconds of all five.
if ProcessInfo.processInfo.environment["GMM_FOLDS"] != nil {
    let total = all.count / 15, t2 = cpu()
    var iterations: [Int] = []
    for f in 0..<5 {
        let test = (0..<total).filter { $0 % 5 == f }, train = (0..<total).filter { $0 % 5 != f }
        let rows = { (r: [Int]) in Matrix(rows: r.count, cols: 15, storage: r.flatMap { all[($0 * 15)..<($0 * 15 + 15)] }) }
        let fit = try! GaussianMixture(data: rows(train), options: .init(components: 10), seed: UInt64(f))
        _ = fit.responsibilities(rows(test))
        iterations.append(fit.iterations)
    }
    print("folds cpu_s=\(cpu() - t2) iterations=\(iterations)")
}
