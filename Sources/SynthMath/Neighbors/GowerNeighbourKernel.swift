import CSynthKernels
#if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel
#endif

/// The inner loop of ``NearestNeighbors/gower(query:reference:discreteFrom:excluding:)``: per query row, the
/// smallest and second-smallest sum of per-column Gower costs over the reference rows, and the reference index
/// of the smallest (ties: the lowest index). Nothing is allocated per pair or per row.
///
/// Every implementation adds the same Float costs in the same order, so all give the same sums, minima and
/// indices (`GowerKernelTests`); ``best`` is the widest this CPU runs:
/// - `wide(16)` (AVX-512F) and `wide(8)` (AVX2): the C kernel of `CSynthKernels`, compiled per target and
///   chosen at run time (Swift cannot build one function for AVX-512 without building everything for it);
///   on adult x30's privacy suites it is 2.5-3x the SSE kernel (docs/scale.md);
/// - `sse`: the SSE kernel below (x86-64 without AVX2);
/// - `scalar`: one pair at a time (other architectures).
///
/// The vector kernels keep the sums of four query rows against a chunk of reference rows (one per lane) in
/// registers while the columns go by:
/// - continuous columns add min(|q − r|, 1) in Float, in column order;
/// - discrete columns count equal codes as 32-bit integers (one compare and one subtract per column), added
///   to the continuous sum as a whole number at the end;
/// - each query row keeps per lane its smallest and second-smallest sum and the index of the smallest,
///   merged across lanes at the end.
/// Reference rows are packed per block into panels of one chunk of rows, column after column, so a panel's
/// values are contiguous and read once per four query rows from L1.
///
/// The sums equal the plain loop's (continuous costs added in the same order; the mismatch count added once,
/// so a sum may differ from adding 1 per mismatch by one rounding of the last bit).
enum GowerNeighbourKernel {
    /// Reference rows per packed block: 512 rows of 15 columns are 30 KB, inside L1 with the query rows.
    static let block = 512
    static let lanes = 8
    /// Query rows per tile.
    static let tile = 4

    enum Implementation: Equatable, Sendable, CustomStringConvertible {
        case wide(lanes: Int), sse, scalar

        var description: String {
            switch self {
            case .wide(let lanes): return lanes == 16 ? "avx512" : "avx2"
            case .sse: return "sse"
            case .scalar: return "scalar"
            }
        }
    }

    /// The implementations this CPU runs, widest first.
    static let available: [Implementation] = {
        var out = [16, 8].filter { synth_gower_supports(Int32($0)) != 0 }.map { Implementation.wide(lanes: $0) }
        #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
        out.append(.sse)
        #endif
        return out + [.scalar]
    }()

    static let best = available[0]

    static func search(query: [[Float]], reference: [[Float]], discreteFrom: Int, excluding: [Int]?,
                       using implementation: Implementation = best) -> (first: [Float], second: [Float], index: [Int]) {
        switch implementation {
        case .wide(let lanes):
            if let out = wideSearch(lanes: lanes, query: query, reference: reference, discreteFrom: discreteFrom,
                                    excluding: excluding) { return out }
            return search(query: query, reference: reference, discreteFrom: discreteFrom, excluding: excluding,
                          using: available.first { if case .wide = $0 { return false } else { return true } }!)
        case .sse:
            #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
            return SSE.search(query: query, reference: reference, discreteFrom: discreteFrom, excluding: excluding)
            #else
            preconditionFailure("the SSE Gower kernel needs x86-64")
            #endif
        case .scalar:
            return scalarSearch(query: query, reference: reference, discreteFrom: discreteFrom, excluding: excluding)
        }
    }

    /// The C kernel of `lanes` lanes on the rows flattened for it (query row-major, reference column-major);
    /// nil when its buffers could not be allocated.
    static func wideSearch(lanes: Int, query: [[Float]], reference: [[Float]], discreteFrom: Int,
                           excluding: [Int]?) -> (first: [Float], second: [Float], index: [Int])? {
        let columns = query.count, nq = query.first?.count ?? 0, nr = reference.first?.count ?? 0
        var rows = [Float](repeating: 0, count: nq * columns)
        for c in 0..<columns { for i in 0..<nq { rows[i * columns + c] = query[c][i] } }
        let flat = reference.flatMap { $0 }
        let skip = excluding.map { $0.map(Int64.init) }
        var first = [Float](repeating: .infinity, count: nq), second = first
        var index = [Int32](repeating: -1, count: nq)
        let status = skip.withOptionalBuffer { e in
            synth_gower_search(Int32(lanes), rows, Int64(nq), flat, Int64(nr), Int64(columns), Int64(discreteFrom),
                               e, &first, &second, &index)
        }
        guard status == 0 else { return nil }
        return (first, second, index.map(Int.init))
    }

    /// The same search one pair at a time (other architectures).
    static func scalarSearch(query: [[Float]], reference: [[Float]], discreteFrom: Int,
                             excluding: [Int]?) -> (first: [Float], second: [Float], index: [Int]) {
        let columns = query.count, nq = query.first?.count ?? 0, nr = reference.first?.count ?? 0
        var first = [Float](repeating: .infinity, count: nq), second = first
        var index = [Int](repeating: -1, count: nq)
        for i in 0..<nq {
            for j in 0..<nr where excluding?[i] != j {
                var s: Float = 0, mismatches = 0
                for c in 0..<discreteFrom { s += min(abs(query[c][i] - reference[c][j]), 1) }
                for c in discreteFrom..<columns where query[c][i] != reference[c][j] { mismatches += 1 }
                s += Float(mismatches)
                if s < first[i] { second[i] = first[i]; first[i] = s; index[i] = j } else if s < second[i] { second[i] = s }
            }
        }
        return (first, second, index)
    }

    #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
    enum SSE {
        /// One packed block of reference rows and where it starts.
        struct Panel {
            let floats: UnsafePointer<Float>
            let columns: Int
            let discreteFrom: Int
            let start: Int
            let chunks: Int
            /// Added to the last chunk's sums (low and high four lanes): +∞ past the last reference row.
            let tailLow: __m128
            let tailHigh: __m128
        }

        static func search(query: [[Float]], reference: [[Float]], discreteFrom: Int,
                           excluding: [Int]?) -> (first: [Float], second: [Float], index: [Int]) {
            let columns = query.count, nq = query.first?.count ?? 0, nr = reference.first?.count ?? 0
            // Query rows row-major, padded to whole tiles with copies of row 0 (their results are dropped).
            let padded = (nq + tile - 1) / tile * tile
            var rows = [Float](repeating: 0, count: padded * columns)
            for c in 0..<columns { for i in 0..<padded { rows[i * columns + c] = query[c][i < nq ? i : 0] } }
            let panelFloats = columns * lanes
            var panels = [Float](repeating: 0, count: block * columns)
            // Per query row, two vectors (lanes 0–3 and 4–7) of each running figure.
            var best = [__m128](repeating: _mm_set1_ps(.infinity), count: padded * 2), next = best
            var at = [__m128i](repeating: _mm_set1_epi32(-1), count: padded * 2)
            for start in stride(from: 0, to: nr, by: block) {
                let end = min(nr, start + block), chunks = (end - start + lanes - 1) / lanes
                for j in start..<end {
                    let chunk = (j - start) / lanes, lane = (j - start) % lanes
                    for c in 0..<columns { panels[chunk * panelFloats + c * lanes + lane] = reference[c][j] }
                }
                var tail = [Float](repeating: 0, count: lanes)
                for lane in 0..<lanes where start + (chunks - 1) * lanes + lane >= end { tail[lane] = .infinity }
                rows.withUnsafeBufferPointer { q in
                    panels.withUnsafeBufferPointer { p in
                        best.withUnsafeMutableBufferPointer { b in
                            next.withUnsafeMutableBufferPointer { n in
                                at.withUnsafeMutableBufferPointer { a in
                                    let panel = Panel(floats: p.baseAddress!, columns: columns, discreteFrom: discreteFrom,
                                                      start: start, chunks: chunks,
                                                      tailLow: _mm_loadu_ps(tail), tailHigh: _mm_loadu_ps(Array(tail[4...])))
                                    for i in stride(from: 0, to: padded, by: tile) {
                                        tile4(q.baseAddress! + i * columns, panel, b.baseAddress! + 2 * i,
                                              n.baseAddress! + 2 * i, a.baseAddress! + 2 * i,
                                              excluded: excluded(excluding, i, nq))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return merge(best, next, at, count: nq)
        }

        /// The reference rows excluded for the tile's four query rows from `i` (a padding row: −1, none), or
        /// nil when nothing is excluded.
        @inline(__always)
        static func excluded(_ excluding: [Int]?, _ i: Int, _ nq: Int) -> (Int, Int, Int, Int)? {
            guard let e = excluding else { return nil }
            func at(_ k: Int) -> Int { i + k < nq ? e[i + k] : -1 }
            return (at(0), at(1), at(2), at(3))
        }

        @inline(__always)
        static func tile4(_ q0: UnsafePointer<Float>, _ p: Panel, _ best: UnsafeMutablePointer<__m128>,
                          _ next: UnsafeMutablePointer<__m128>, _ at: UnsafeMutablePointer<__m128i>,
                          excluded: (Int, Int, Int, Int)?) {
            let columns = p.columns, discreteFrom = p.discreteFrom
            let one = _mm_set1_ps(1), sign = _mm_set1_ps(-0.0)
            let discrete = _mm_set1_epi32(Int32(columns - discreteFrom))
            let lanesLow = _mm_setr_epi32(0, 1, 2, 3), lanesHigh = _mm_setr_epi32(4, 5, 6, 7)
            let q1 = q0 + columns, q2 = q1 + columns, q3 = q2 + columns
            @inline(__always) func cost(_ x: __m128, _ r: __m128) -> __m128 {
                _mm_min_ps(_mm_andnot_ps(sign, _mm_sub_ps(x, r)), one)
            }
            @inline(__always) func equal(_ x: __m128, _ r: __m128) -> __m128i { _mm_castps_si128(_mm_cmpeq_ps(x, r)) }
            for chunk in 0..<p.chunks {
                let r = p.floats + chunk * columns * lanes
                var a0 = _mm_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0
                for c in 0..<discreteFrom {
                    let lo = _mm_loadu_ps(r + c * lanes), hi = _mm_loadu_ps(r + c * lanes + 4)
                    var x = _mm_set1_ps(q0[c])
                    a0 = _mm_add_ps(a0, cost(x, lo)); a1 = _mm_add_ps(a1, cost(x, hi))
                    x = _mm_set1_ps(q1[c])
                    a2 = _mm_add_ps(a2, cost(x, lo)); a3 = _mm_add_ps(a3, cost(x, hi))
                    x = _mm_set1_ps(q2[c])
                    a4 = _mm_add_ps(a4, cost(x, lo)); a5 = _mm_add_ps(a5, cost(x, hi))
                    x = _mm_set1_ps(q3[c])
                    a6 = _mm_add_ps(a6, cost(x, lo)); a7 = _mm_add_ps(a7, cost(x, hi))
                }
                // Equal codes counted as −1 per lane (a compare's all-ones), subtracted.
                var e0 = _mm_setzero_si128(), e1 = e0, e2 = e0, e3 = e0, e4 = e0, e5 = e0, e6 = e0, e7 = e0
                for c in discreteFrom..<columns {
                    let lo = _mm_loadu_ps(r + c * lanes), hi = _mm_loadu_ps(r + c * lanes + 4)
                    var x = _mm_set1_ps(q0[c])
                    e0 = _mm_sub_epi32(e0, equal(x, lo)); e1 = _mm_sub_epi32(e1, equal(x, hi))
                    x = _mm_set1_ps(q1[c])
                    e2 = _mm_sub_epi32(e2, equal(x, lo)); e3 = _mm_sub_epi32(e3, equal(x, hi))
                    x = _mm_set1_ps(q2[c])
                    e4 = _mm_sub_epi32(e4, equal(x, lo)); e5 = _mm_sub_epi32(e5, equal(x, hi))
                    x = _mm_set1_ps(q3[c])
                    e6 = _mm_sub_epi32(e6, equal(x, lo)); e7 = _mm_sub_epi32(e7, equal(x, hi))
                }
                @inline(__always) func sum(_ a: __m128, _ e: __m128i) -> __m128 {
                    _mm_add_ps(a, _mm_cvtepi32_ps(_mm_sub_epi32(discrete, e)))
                }
                var s0 = sum(a0, e0), s1 = sum(a1, e1), s2 = sum(a2, e2), s3 = sum(a3, e3)
                var s4 = sum(a4, e4), s5 = sum(a5, e5), s6 = sum(a6, e6), s7 = sum(a7, e7)
                if chunk == p.chunks - 1 {
                    s0 = _mm_add_ps(s0, p.tailLow); s1 = _mm_add_ps(s1, p.tailHigh)
                    s2 = _mm_add_ps(s2, p.tailLow); s3 = _mm_add_ps(s3, p.tailHigh)
                    s4 = _mm_add_ps(s4, p.tailLow); s5 = _mm_add_ps(s5, p.tailHigh)
                    s6 = _mm_add_ps(s6, p.tailLow); s7 = _mm_add_ps(s7, p.tailHigh)
                }
                let base = p.start + chunk * lanes
                if let excluded {
                    exclude(&s0, &s1, excluded.0 - base); exclude(&s2, &s3, excluded.1 - base)
                    exclude(&s4, &s5, excluded.2 - base); exclude(&s6, &s7, excluded.3 - base)
                }
                let low = _mm_add_epi32(_mm_set1_epi32(Int32(base)), lanesLow)
                let high = _mm_add_epi32(_mm_set1_epi32(Int32(base)), lanesHigh)
                fold(s0, best, next, at, low); fold(s1, best + 1, next + 1, at + 1, high)
                fold(s2, best + 2, next + 2, at + 2, low); fold(s3, best + 3, next + 3, at + 3, high)
                fold(s4, best + 4, next + 4, at + 4, low); fold(s5, best + 5, next + 5, at + 5, high)
                fold(s6, best + 6, next + 6, at + 6, low); fold(s7, best + 7, next + 7, at + 7, high)
            }
        }

        /// Sets lane `lane` (0–7, counted from the chunk's start) of the sums `low`/`high` to +∞; other values
        /// of `lane` (the excluded row lies in another chunk) change nothing.
        @inline(__always)
        static func exclude(_ low: inout __m128, _ high: inout __m128, _ lane: Int) {
            guard lane >= 0 && lane < lanes else { return }  // also a padding row's −1 − base
            let inf = Float.infinity, l = lane % 4
            let mask = _mm_setr_ps(l == 0 ? inf : 0, l == 1 ? inf : 0, l == 2 ? inf : 0, l == 3 ? inf : 0)
            if lane < 4 { low = _mm_add_ps(low, mask) } else { high = _mm_add_ps(high, mask) }
        }

        /// Folds one vector of sums into a row's running minima; `candidate` holds the lanes' reference indices.
        @inline(__always)
        static func fold(_ s: __m128, _ best: UnsafeMutablePointer<__m128>, _ next: UnsafeMutablePointer<__m128>,
                         _ at: UnsafeMutablePointer<__m128i>, _ candidate: __m128i) {
            let b1 = best.pointee
            next.pointee = _mm_min_ps(next.pointee, _mm_max_ps(b1, s))
            let better = _mm_castps_si128(_mm_cmplt_ps(s, b1))
            best.pointee = _mm_min_ps(b1, s)
            at.pointee = _mm_or_si128(_mm_andnot_si128(better, at.pointee), _mm_and_si128(better, candidate))
        }

        /// Per query row: the smallest sum over the eight lanes (ties: the lowest index), its index, and the
        /// second smallest (that lane's second or another lane's smallest).
        static func merge(_ best: [__m128], _ next: [__m128], _ at: [__m128i],
                          count nq: Int) -> (first: [Float], second: [Float], index: [Int]) {
            func floats(_ v: [__m128]) -> [Float] { v.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) } }
            let b = floats(best), n = floats(next), ix = at.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
            var first = [Float](repeating: .infinity, count: nq), second = first
            var index = [Int](repeating: -1, count: nq)
            for i in 0..<nq {
                let o = i * lanes
                var lane = -1
                for l in 0..<lanes where ix[o + l] >= 0 {
                    if lane < 0 || b[o + l] < b[o + lane] || (b[o + l] == b[o + lane] && ix[o + l] < ix[o + lane]) { lane = l }
                }
                guard lane >= 0 else { continue }
                var s = n[o + lane]
                for l in 0..<lanes where l != lane { s = min(s, b[o + l]) }
                first[i] = b[o + lane]; second[i] = s; index[i] = Int(ix[o + lane])
            }
            return (first, second, index)
        }
    }
    #endif
}

private extension Optional where Wrapped == [Int64] {
    /// The array's base address (nil when the optional is), for a C call.
    func withOptionalBuffer<R>(_ body: (UnsafePointer<Int64>?) -> R) -> R {
        switch self {
        case .some(let a): return a.withUnsafeBufferPointer { body($0.baseAddress) }
        case .none: return body(nil)
        }
    }
}
