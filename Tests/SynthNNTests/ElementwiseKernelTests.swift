import Foundation
import SynthMath
import Testing
@testable import SynthNN

/// The C builds of the training step's elementwise passes (``ElementwiseKernels``, `CSynthKernels/nn_elementwise.c`)
/// against the Swift loops they replaced, kept here as the oracle: every build this CPU runs (AVX-512, AVX2,
/// portable), bit for bit, on lengths with and without a vector's tail (1 to 16 + 1 lanes, odd widths, 40 and
/// 256 as TabDDPM's layers), in place and not. Each test has a negative control: a loop that differs from the
/// oracle only in what the bits should see (a comparison, the summation order, a fused multiply-add, libm's
/// exponential) gives other bits on the same inputs, so equality is not an accident of the inputs.
@Suite("Elementwise kernels in C")
struct ElementwiseKernelTests {
    static let shapes: [(rows: Int, cols: Int)] = [(1, 1), (3, 3), (5, 7), (4, 15), (3, 16), (6, 17), (2, 31), (9, 33),
                                                   (7, 40), (65, 256), (1, 1000)]

    /// The bit patterns, every NaN as one pattern: which NaN an operation on two NaNs returns depends on the
    /// order in which the compiler puts its operands (LLVM commutes products and sums and does not keep NaN
    /// payloads), in Swift as in C. Everything else, ±0 included, is compared bit for bit.
    static func bits(_ a: [Float]) -> [UInt32] { a.map { $0.isNaN ? Float.nan.bitPattern : $0.bitPattern } }

    /// Normal values of standard deviation `std` with, every few positions, one of the values the kernels must
    /// pass through as the Swift loops did: ±0, NaN, ±∞, a subnormal, the largest finite Float.
    static func values(_ n: Int, std: Double = 1, rng: inout RandomStream) -> [Float] {
        let specials: [Float] = [0, -0.0, .nan, .infinity, -.infinity, 1e-40, -1e-40, .greatestFiniteMagnitude]
        return (0..<n).map { i in
            i % 11 == 5 ? specials[(i / 11) % specials.count] : Float(std * rng.nextNormal())
        }
    }

    // MARK: The Swift loops the kernels replaced (SynthNN before them), written as scalar loops

    static func swiftBiasActivation(_ src: [Float], _ bias: [Float]?, cols: Int, relu: Bool) -> [Float] {
        src.indices.map { i in
            let v = bias.map { src[i] + $0[i % cols] } ?? src[i]
            return relu ? (v < 0 ? 0 : v) : v
        }
    }

    static func swiftReluBackward(_ g: [Float], _ y: [Float], cols: Int, sums: [Float], accumulate: Bool)
        -> (dst: [Float], sums: [Float]) {
        var s = accumulate ? sums : [Float](repeating: 0, count: cols)
        var dst = [Float](repeating: 0, count: g.count)
        for r in 0..<(g.count / cols) {
            for c in 0..<cols {
                let v = y[r * cols + c] > 0 ? g[r * cols + c] : 0
                dst[r * cols + c] = v
                s[c] += v
            }
        }
        return (dst, s)
    }

    static func swiftColumnSums(_ src: [Float], cols: Int, sums: [Float], accumulate: Bool,
                                rowOrder: [Int]? = nil) -> [Float] {
        var s = accumulate ? sums : [Float](repeating: 0, count: cols)
        for r in rowOrder ?? Array(0..<(src.count / cols)) { for c in 0..<cols { s[c] += src[r * cols + c] } }
        return s
    }

    static func swiftSiluForward(_ x: [Float]) -> (s: [Float], out: [Float]) {
        let s = x.map { FastMath.sigmoid($0) }
        return (s, x.indices.map { x[$0] * s[$0] })
    }

    static func swiftSiluBackward(_ g: [Float], _ x: [Float], _ s: [Float]) -> [Float] {
        g.indices.map { i in
            let si = s[i], gx = g[i] * x[i]
            return g[i] * si + gx * si * (1 - si)
        }
    }

    /// Adam.loop as it was, one lane at a time; `fusedSecondMoment` is the negative control.
    static func swiftAdam(_ p: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float], _ k: Adam.Constants,
                          decoupled: Bool, l2: Bool, lerpLow: Bool, fusedSecondMoment: Bool = false) {
        for j in p.indices {
            let pj = decoupled ? p[j] * k.decay : p[j]
            let gj = l2 ? g[j] + k.l2 * pj : g[j]
            let mj = lerpLow ? m[j] + k.w * (gj - m[j]) : gj - (gj - m[j]) * (1 - k.w)
            let vj = fusedSecondMoment ? (v[j] * k.b2).addingProduct(k.oneMinusB2 * gj, gj)
                : v[j] * k.b2 + k.oneMinusB2 * gj * gj
            p[j] = pj + k.negStep * mj / (vj.squareRoot() / k.bc2Sqrt + k.eps)
            m[j] = mj
            v[j] = vj
        }
    }

    // MARK: Tests

    @Test func everyBuildThisCPURunsIsTested() {
        #expect(ElementwiseKernels.supportedBuilds.contains(0))
        #expect(ElementwiseKernels.supportedBuilds.first == ElementwiseKernels.widestBuild)
    }

    @Test func biasActivationIsTheSwiftLoop() {
        var rng = RandomStream(seed: 31)
        for build in ElementwiseKernels.supportedBuilds {
            for (rows, cols) in Self.shapes {
                let src = Self.values(rows * cols, rng: &rng), bias = Self.values(cols, rng: &rng)
                for relu in [false, true] {
                    for b in [bias, nil] as [[Float]?] where relu || b != nil {
                        let expected = Self.swiftBiasActivation(src, b, cols: cols, relu: relu)
                        var out = [Float](repeating: 7, count: src.count)
                        var inPlace = src
                        src.withUnsafeBufferPointer { s in
                            out.withUnsafeMutableBufferPointer { o in
                                ElementwiseKernels.biasActivation(s.baseAddress!, bias: b, rows: rows, cols: cols,
                                                                  into: o.baseAddress!, relu: relu, build: build)
                            }
                        }
                        inPlace.withUnsafeMutableBufferPointer { d in
                            ElementwiseKernels.biasActivation(d.baseAddress!, bias: b, rows: rows, cols: cols,
                                                              into: d.baseAddress!, relu: relu, build: build)
                        }
                        #expect(Self.bits(out) == Self.bits(expected), "build \(build) \(rows)x\(cols) relu \(relu)")
                        #expect(Self.bits(inPlace) == Self.bits(expected), "in place, build \(build) \(rows)x\(cols)")
                    }
                }
            }
        }
        // Negative control: `v > 0 ? v : 0` (−0 and NaN become +0) is another ReLU to the bits.
        let src = Self.values(64, rng: &rng)
        let other = src.map { $0 > 0 ? $0 : 0 }
        #expect(Self.bits(other) != Self.bits(Self.swiftBiasActivation(src, nil, cols: 8, relu: true)))
    }

    @Test func reluBackwardWithColumnSumsIsTheSwiftLoop() {
        var rng = RandomStream(seed: 32)
        for build in ElementwiseKernels.supportedBuilds {
            for (rows, cols) in Self.shapes {
                let g = Self.values(rows * cols, rng: &rng)
                // ReLU outputs: exact zeros (and a −0) beside positive values.
                let y = Self.values(rows * cols, rng: &rng).map { $0.isNaN ? $0 : ($0 < 0 ? 0 : $0) }
                let start = Self.values(cols, rng: &rng)
                for accumulate in [false, true] {
                    let expected = Self.swiftReluBackward(g, y, cols: cols, sums: start, accumulate: accumulate)
                    var dst = [Float](repeating: 7, count: g.count), sums = start
                    g.withUnsafeBufferPointer { gp in
                        y.withUnsafeBufferPointer { yp in
                            dst.withUnsafeMutableBufferPointer { d in
                                sums.withUnsafeMutableBufferPointer { s in
                                    ElementwiseKernels.reluBackward(gradient: gp.baseAddress!, output: yp.baseAddress!,
                                                                    rows: rows, cols: cols, into: d.baseAddress!,
                                                                    columnSums: s.baseAddress!, accumulate: accumulate,
                                                                    build: build)
                                }
                            }
                        }
                    }
                    #expect(Self.bits(dst) == Self.bits(expected.dst), "build \(build) \(rows)x\(cols)")
                    #expect(Self.bits(sums) == Self.bits(expected.sums), "sums, build \(build) \(rows)x\(cols) \(accumulate)")
                }
            }
        }
        // Negative control: `y >= 0` lets the gradient through where the output is exactly 0.
        let g = Self.values(256, rng: &rng).map { $0.isNaN ? 1 : $0 }
        let y = Self.values(256, rng: &rng).map { $0.isNaN || $0 < 0 ? 0 : $0 }
        let other = g.indices.map { y[$0] >= 0 ? g[$0] : 0 }
        #expect(Self.bits(other) != Self.bits(Self.swiftReluBackward(g, y, cols: 16, sums: [], accumulate: false).dst))
    }

    @Test func columnSumsAreTheSwiftLoop() {
        var rng = RandomStream(seed: 33)
        for build in ElementwiseKernels.supportedBuilds {
            for (rows, cols) in Self.shapes {
                let src = Self.values(rows * cols, rng: &rng), start = Self.values(cols, rng: &rng)
                for accumulate in [false, true] {
                    var sums = start
                    src.withUnsafeBufferPointer { s in
                        sums.withUnsafeMutableBufferPointer { d in
                            ElementwiseKernels.columnSums(s.baseAddress!, rows: rows, cols: cols, into: d.baseAddress!,
                                                          accumulate: accumulate, build: build)
                        }
                    }
                    let expected = Self.swiftColumnSums(src, cols: cols, sums: start, accumulate: accumulate)
                    #expect(Self.bits(sums) == Self.bits(expected), "build \(build) \(rows)x\(cols) \(accumulate)")
                }
            }
        }
        // Negative control: the same sums taken last row first differ in some bits (finite values only).
        let src = (0..<(64 * 40)).map { _ in Float(rng.nextNormal()) }
        let forward = Self.swiftColumnSums(src, cols: 40, sums: [], accumulate: false)
        let backward = Self.swiftColumnSums(src, cols: 40, sums: [], accumulate: false, rowOrder: Array((0..<64).reversed()))
        #expect(Self.bits(forward) != Self.bits(backward))
    }

    @Test func siluIsTheSwiftLoop() {
        var rng = RandomStream(seed: 34)
        for build in ElementwiseKernels.supportedBuilds {
            for (rows, cols) in Self.shapes {
                let n = rows * cols
                // Wide values reach exp's clamps (x > 89, x < −104) and the subnormal results.
                let x = Self.values(n, std: 40, rng: &rng), g = Self.values(n, rng: &rng)
                let expected = Self.swiftSiluForward(x)
                var s = [Float](repeating: 7, count: n), out = [Float](repeating: 7, count: n)
                var dx = [Float](repeating: 7, count: n)
                x.withUnsafeBufferPointer { xp in
                    s.withUnsafeMutableBufferPointer { sp in
                        out.withUnsafeMutableBufferPointer { op in
                            ElementwiseKernels.siluForward(xp.baseAddress!, count: n, sigmoid: sp.baseAddress!,
                                                           into: op.baseAddress!, build: build)
                        }
                    }
                }
                #expect(Self.bits(s) == Self.bits(expected.s), "sigmoid, build \(build), n \(n)")
                #expect(Self.bits(out) == Self.bits(expected.out), "silu, build \(build), n \(n)")
                g.withUnsafeBufferPointer { gp in
                    x.withUnsafeBufferPointer { xp in
                        s.withUnsafeBufferPointer { sp in
                            dx.withUnsafeMutableBufferPointer { d in
                                ElementwiseKernels.siluBackward(gradient: gp.baseAddress!, input: xp.baseAddress!,
                                                                sigmoid: sp.baseAddress!, count: n, into: d.baseAddress!,
                                                                build: build)
                            }
                        }
                    }
                }
                #expect(Self.bits(dx) == Self.bits(Self.swiftSiluBackward(g, x, expected.s)), "backward, build \(build)")
            }
        }
        // Negative control: the logistic function through libm's expf differs from FastMath's in some bits.
        let x = (0..<1000).map { _ in Float(4 * rng.nextNormal()) }
        #expect(Self.bits(x.map { 1 / (1 + Foundation.exp(-$0)) }) != Self.bits(Self.swiftSiluForward(x).s))
    }

    @Test func adamIsTheSwiftLoop() {
        var rng = RandomStream(seed: 35)
        func constants(step: Double, lr: Double, decoupled: Bool, beta1: Double) -> Adam.Constants {
            let wd = 1e-4
            return Adam.Constants(negStep: Float(-lr / (1 - pow(beta1, step))),
                                  bc2Sqrt: Float((1 - pow(0.999, step)).squareRoot()), w: Float(1 - beta1), b2: 0.999,
                                  oneMinusB2: Float(1 - 0.999), eps: 1e-8, l2: decoupled ? 0 : Float(wd),
                                  decay: decoupled ? Float(1 - lr * wd) : 1)
        }
        for build in ElementwiseKernels.supportedBuilds {
            for n in [1, 7, 15, 16, 17, 33, 1031] {
                // (decoupled, l2, lerpLow): AdamW, Adam with and without its L2 term; beta1 0.9 (w < 0.5) and 0.3.
                for (decoupled, l2) in [(true, false), (false, true), (false, false)] {
                    for beta1 in [0.9, 0.3] {
                        var p = Self.values(n, rng: &rng), m = [Float](repeating: 0, count: n)
                        var v = [Float](repeating: 0, count: n)
                        var (pe, me, ve) = (p, m, v)
                        for step in 1...3 {
                            let g = Self.values(n, std: 0.1, rng: &rng)
                            let k = constants(step: Double(step), lr: 0.002, decoupled: decoupled, beta1: beta1)
                            let lerpLow = k.w < 0.5
                            Self.swiftAdam(&pe, g, &me, &ve, k, decoupled: decoupled, l2: l2, lerpLow: lerpLow)
                            g.withUnsafeBufferPointer { gp in
                                p.withUnsafeMutableBufferPointer { pp in
                                    m.withUnsafeMutableBufferPointer { mp in
                                        v.withUnsafeMutableBufferPointer { vp in
                                            ElementwiseKernels.adam(pp.baseAddress!, gp.baseAddress!, mp.baseAddress!,
                                                                    vp.baseAddress!, count: n, k, decoupled: decoupled,
                                                                    l2: l2, lerpLow: lerpLow, build: build)
                                        }
                                    }
                                }
                            }
                        }
                        let label = "build \(build) n \(n) decoupled \(decoupled) l2 \(l2) beta1 \(beta1)"
                        #expect(Self.bits(p) == Self.bits(pe), "p, \(label)")
                        #expect(Self.bits(m) == Self.bits(me), "m, \(label)")
                        #expect(Self.bits(v) == Self.bits(ve), "v, \(label)")
                    }
                }
            }
        }
        // Negative control: the second moment with a fused multiply-add gives other bits.
        let g = (0..<1000).map { _ in Float(0.1 * rng.nextNormal()) }
        let k = constants(step: 2, lr: 0.002, decoupled: true, beta1: 0.9)
        let start = (0..<1000).map { _ in Float(rng.nextNormal()) }
        let moments = (0..<1000).map { _ in Float(0.01 * Swift.abs(rng.nextNormal())) }
        var (p1, m1, v1) = (start, moments, moments), (p2, m2, v2) = (start, moments, moments)
        Self.swiftAdam(&p1, g, &m1, &v1, k, decoupled: true, l2: false, lerpLow: true)
        Self.swiftAdam(&p2, g, &m2, &v2, k, decoupled: true, l2: false, lerpLow: true, fusedSecondMoment: true)
        #expect(Self.bits(v1) != Self.bits(v2))
    }
}
