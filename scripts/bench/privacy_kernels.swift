// Standalone timing of two privacy kernels on adult, each before and after its change:
// - euclid: the Euclidean nearest-neighbour searches of SynthCity's identifiability_score. Before: blocked
//   dgemm, ‖q‖² + ‖r‖² − 2q·r, fused scan (a copy of SynthMath's SquaredDistanceBlocks.forEachCross and
//   NearestNeighbors.euclidean before the change); after: the register kernel of
//   Sources/CSynthKernels/euclidean.c (Σ fma(q − r, q − r), AVX-512 or AVX2).
// - kde: the Gaussian KDE sums of DOMIAS (MultivariateGaussianKDE.logDensity) for 16,282 query rows against
//   32,561 and 8,140 data rows. Before: dgemm blocks, a distance pass, then libm `exp` per pair in Swift (a
//   copy of the loop before the change); after: the same dgemm blocks folded by synth_kde_fold
//   (Sources/CSynthKernels/kernel_density.c: distances fused, vector exponential). The rows are scaled per column
//   by 1/(sd · Scott's factor), a diagonal stand-in for the KDE's whitening, so the exponents have its range.
//
//   for f in euclidean kernel_density; do clang -O2 -c -ISources/CSynthKernels/include Sources/CSynthKernels/$f.c -o /tmp/$f.o; done
//   mkdir -p /tmp/pk && cp scripts/bench/privacy_kernels.swift /tmp/pk/main.swift   # top-level code: main.swift
//   swiftc -O /tmp/pk/main.swift scripts/bench/adult_codes.swift -import-objc-header scripts/bench/privacy_kernels.h \
//       /tmp/euclidean.o /tmp/kernel_density.o -lopenblas -o /tmp/privacy_kernels
//   OPENBLAS_CORETYPE=Cooperlake OPENBLAS_NUM_THREADS=1 /tmp/privacy_kernels euclid-old|euclid-new|euclid-check|kde-old|kde-new|kde-check [ADULT_DATA]
//
// Data: adult's 32,561 training rows label-encoded (categories as codes in order of first appearance, '?' as
// its own code, numbers unscaled), and a 32,561-row "synthetic" table drawing every column independently from
// the training rows (seeded). The identifiability searches: training rows against the synthetic rows, and
// against the other training rows. `*-old` / `*-new` print the process CPU seconds of the kernel alone (not the
// data loading) and a check figure; `*-check` runs both and compares their results.
import Foundation

struct Matrix { var rows: Int; var cols: Int; var storage: [Double] }

func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

/// SplitMix64, for the independent-columns table.
struct SplitMix { var s: UInt64; mutating func next() -> UInt64 { s &+= 0x9E3779B97F4A7C15; var z = s; z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; return z ^ (z >> 31) } }

func independentColumns(_ m: Matrix, seed: UInt64) -> Matrix {
    var rng = SplitMix(s: seed), out = m
    for c in 0..<m.cols { for i in 0..<m.rows { out.storage[i * m.cols + c] = m.storage[Int(rng.next() % UInt64(m.rows)) * m.cols + c] } }
    return out
}

// MARK: the previous search (copied from SynthMath before the change)

let queryBlock = 512, referenceBlock = 2048

func rowSquaredNorms(_ m: Matrix) -> [Double] {
    var out = [Double](repeating: 0, count: m.rows)
    m.storage.withUnsafeBufferPointer { p in
        for i in 0..<m.rows {
            var s = 0.0
            for j in 0..<m.cols { let x = p[i * m.cols + j]; s += x * x }
            out[i] = s
        }
    }
    return out
}

func forEachCross(query: Matrix, reference: Matrix,
                  _ body: (Range<Int>, Range<Int>, UnsafeMutablePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>) -> Void) {
    let nq = query.rows, nr = reference.rows, d = query.cols
    let qNorm = rowSquaredNorms(query), rNorm = rowSquaredNorms(reference)
    var cross = [Double](repeating: 0, count: queryBlock * referenceBlock)
    for q0 in stride(from: 0, to: nq, by: queryBlock) {
        let q1 = min(nq, q0 + queryBlock)
        for r0 in stride(from: 0, to: nr, by: referenceBlock) {
            let r1 = min(nr, r0 + referenceBlock), w = r1 - r0
            cross.withUnsafeMutableBufferPointer { pc in
                query.storage.withUnsafeBufferPointer { pq in
                    reference.storage.withUnsafeBufferPointer { pr in
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(q1 - q0), Int32(w), Int32(d), 1,
                                    pq.baseAddress! + q0 * d, Int32(d), pr.baseAddress! + r0 * d, Int32(d), 0,
                                    pc.baseAddress, Int32(w))
                    }
                }
                qNorm.withUnsafeBufferPointer { qn in
                    rNorm.withUnsafeBufferPointer { rn in body(q0..<q1, r0..<r1, pc.baseAddress!, qn.baseAddress!, rn.baseAddress!) }
                }
            }
        }
    }
}

@inline(__always) func distance(_ qNorm: Double, _ rNorm: Double, _ dot: Double) -> Double { max(0, qNorm + rNorm - 2 * dot) }

func oldSearch(query: Matrix, reference: Matrix, excluding: [Int]?) -> (first: [Double], index: [Int]) {
    var first = [Double](repeating: .infinity, count: query.rows), second = first
    var index = [Int](repeating: -1, count: query.rows)
    first.withUnsafeMutableBufferPointer { first in
        second.withUnsafeMutableBufferPointer { second in
            index.withUnsafeMutableBufferPointer { index in
                forEachCross(query: query, reference: reference) { rows, columns, cross, qNorm, rNorm in
                    let w = columns.count, r = rNorm + columns.lowerBound
                    for i in rows {
                        let row = cross + (i - rows.lowerBound) * w, qn = qNorm[i]
                        var best = first[i], next = second[i], at = index[i]
                        let skip = excluding.map { $0[i] - columns.lowerBound } ?? -1
                        for j in 0..<w where j != skip {
                            let x = distance(qn, r[j], row[j])
                            if x < best { next = best; best = x; at = columns.lowerBound + j } else if x < next { next = x }
                        }
                        first[i] = best; second[i] = next; index[i] = at
                    }
                }
            }
        }
    }
    return (first.map { $0.squareRoot() }, index)
}

// MARK: the kernel

func newSearch(query: Matrix, reference: Matrix, excluding: [Int]?) -> (first: [Double], index: [Int]) {
    let lanes: Int32 = synth_euclid_supports(8) != 0 ? 8 : 4
    var first = [Double](repeating: .infinity, count: query.rows), second = first
    var index = [Int64](repeating: -1, count: query.rows)
    let skip = excluding.map { $0.map(Int64.init) }
    let status = (skip ?? []).withUnsafeBufferPointer { e in
        synth_euclid_search(lanes, query.storage, Int64(query.rows), reference.storage, Int64(reference.rows), Int64(query.cols),
                            skip == nil ? nil : e.baseAddress, &first, &second, &index)
    }
    precondition(status == 0)
    return (first.map { $0.squareRoot() }, index.map(Int.init))
}

// MARK: the KDE sums

func kdeOld(_ z: Matrix, _ data: Matrix) -> [Double] {
    var maxima = [Double](repeating: -.infinity, count: z.rows), sums = [Double](repeating: 0, count: z.rows)
    forEachCross(query: z, reference: data) { rows, columns, cross, qNorm, rNorm in
        let w = columns.count
        for i in rows {
            let row = cross + (i - rows.lowerBound) * w, qn = qNorm[i]
            for j in 0..<w { row[j] = distance(qn, rNorm[columns.lowerBound + j], row[j]) }
        }
        for i in rows {
            let row = cross + (i - rows.lowerBound) * w
            var m = -Double.infinity
            for j in 0..<w { m = max(m, -0.5 * row[j]) }
            var s = 0.0
            for j in 0..<w { s += exp(-0.5 * row[j] - m) }
            if m > maxima[i] { sums[i] = sums[i] * exp(maxima[i] - m) + s; maxima[i] = m } else { sums[i] += s * exp(m - maxima[i]) }
        }
    }
    return (0..<z.rows).map { maxima[$0] + log(sums[$0]) }
}

func kdeNew(_ z: Matrix, _ data: Matrix) -> [Double] {
    let build: Int32 = [2, 1, 0].first { synth_kde_supports($0) != 0 }!
    var maxima = [Double](repeating: -.infinity, count: z.rows), sums = [Double](repeating: 0, count: z.rows)
    maxima.withUnsafeMutableBufferPointer { maxima in
        sums.withUnsafeMutableBufferPointer { sums in
            forEachCross(query: z, reference: data) { rows, columns, cross, qNorm, rNorm in
                precondition(synth_kde_fold(build, cross, Int64(rows.count), Int64(columns.count), qNorm + rows.lowerBound,
                                            rNorm + columns.lowerBound, maxima.baseAddress! + rows.lowerBound,
                                            sums.baseAddress! + rows.lowerBound) == 0)
            }
        }
    }
    return (0..<z.rows).map { maxima[$0] + log(sums[$0]) }
}

func rows(_ m: Matrix, _ r: Range<Int>) -> Matrix { Matrix(rows: r.count, cols: m.cols, storage: Array(m.storage[(r.lowerBound * m.cols)..<(r.upperBound * m.cols)])) }

/// Columns divided by sd · n^(−1/(d+4)) of the synthetic table (constant columns left alone).
func scaled(_ tables: [Matrix], by t: Matrix) -> [Matrix] {
    let f = pow(Double(t.rows), -1 / Double(t.cols + 4))
    var scale = [Double](repeating: 1, count: t.cols)
    for c in 0..<t.cols {
        var mean = 0.0, sq = 0.0
        for i in 0..<t.rows { mean += t.storage[i * t.cols + c] }
        mean /= Double(t.rows)
        for i in 0..<t.rows { let x = t.storage[i * t.cols + c] - mean; sq += x * x }
        let sd = (sq / Double(t.rows - 1)).squareRoot()
        if sd > 0 { scale[c] = 1 / (sd * f) }
    }
    return tables.map { m in var o = m; for k in 0..<o.storage.count { o.storage[k] *= scale[k % o.cols] }; return o }
}

// MARK: main

let mode = CommandLine.arguments[1]
let train = loadAdult(CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "datasets/.cache/adult.data")
let synthetic = independentColumns(train, seed: 7)
let all = Array(0..<train.rows)
func run(_ search: (Matrix, Matrix, [Int]?) -> (first: [Double], index: [Int])) -> (Double, [Double], [Double], [Int], [Int]) {
    let c0 = cpuSeconds()
    let s = search(train, synthetic, nil), t = search(train, train, all)
    return (cpuSeconds() - c0, s.first, t.first, s.index, t.index)
}
func score(_ s: [Double], _ t: [Double]) -> Double { Double(zip(s, t).filter { $0 < $1 }.count) / Double(s.count) }
let kdeTables = scaled([rows(train, 0..<16_282), synthetic, rows(train, 16_282..<24_422)], by: synthetic)
func kde(_ sums: (Matrix, Matrix) -> [Double]) -> (Double, [Double]) {
    let c0 = cpuSeconds()
    let p = sums(kdeTables[0], kdeTables[1]), r = sums(kdeTables[0], kdeTables[2])
    return (cpuSeconds() - c0, zip(p, r).map { $0 - $1 })
}
switch mode {
case "euclid-old", "euclid-new":
    let (cpu, s, t, _, _) = run(mode == "euclid-old" ? { oldSearch(query: $0, reference: $1, excluding: $2) } : { newSearch(query: $0, reference: $1, excluding: $2) })
    print("\(mode)\tcpu_s=\(String(format: "%.3f", cpu))\trows=\(train.rows)\tidentifiability=\(score(s, t))")
case "euclid-check":
    let (_, s0, t0, si0, ti0) = run { oldSearch(query: $0, reference: $1, excluding: $2) }
    let (_, s1, t1, si1, ti1) = run { newSearch(query: $0, reference: $1, excluding: $2) }
    let maxRel = zip(s0 + t0, s1 + t1).map { abs($0 - $1) / max($1, 1e-300) }.filter { $0.isFinite }.max() ?? 0
    print("old identifiability \(score(s0, t0)), new \(score(s1, t1))")
    print("nearest index differs: \(zip(si0, si1).filter { $0 != $1 }.count) + \(zip(ti0, ti1).filter { $0 != $1 }.count) rows; max relative distance difference \(maxRel)")
    print("zero distances: old \(s0.filter { $0 == 0 }.count) + \(t0.filter { $0 == 0 }.count), new \(s1.filter { $0 == 0 }.count) + \(t1.filter { $0 == 0 }.count)")
case "kde-old", "kde-new":
    let (cpu, scores) = kde(mode == "kde-old" ? kdeOld : kdeNew)
    print("\(mode)\tcpu_s=\(String(format: "%.3f", cpu))\tqueries=\(kdeTables[0].rows)\tmean_score=\(scores.reduce(0, +) / Double(scores.count))")
case "kde-check":
    let (_, a) = kde(kdeOld), (_, b) = kde(kdeNew)
    let diff = zip(a, b).map { abs($0 - $1) }.max()!
    let order = zip(a, b).filter { _ in true }.count
    var swapped = 0
    let ia = a.indices.sorted { a[$0] < a[$1] || (a[$0] == a[$1] && $0 < $1) }, ib = b.indices.sorted { b[$0] < b[$1] || (b[$0] == b[$1] && $0 < $1) }
    for k in 0..<ia.count where ia[k] != ib[k] { swapped += 1 }
    print("log-ratio scores: max |old − new| \(diff) over \(order) queries; rank positions that differ: \(swapped)")
default:
    print("unknown mode \(mode)")
}
