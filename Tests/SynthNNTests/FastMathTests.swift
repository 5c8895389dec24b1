import Foundation
import Testing
@testable import SynthNN

/// The vectorised Float32 functions against the exactly rounded result (Foundation's Double functions),
/// in units in the last place of the result, over a dense sweep of every Float bit pattern.
@Suite struct FastMathTests {
    /// `|approx - exact|` in ulps of the exact value's binade (subnormal results: ulps of 2^-149).
    static func ulpError(_ approx: Float, _ exact: Double) -> Double {
        if exact.isNaN { return approx.isNaN ? 0 : .infinity }
        let rounded = Float(exact)
        if rounded.isInfinite { return approx == rounded ? 0 : .infinity }
        if !approx.isFinite { return .infinity }
        let magnitude = Swift.abs(exact)
        var ulp = Double(Float(magnitude).ulp)
        // Just below a power of two the spacing is half that of the power itself.
        if Double(Float(magnitude)) > magnitude, Float(magnitude).significandBitPattern == 0 { ulp /= 2 }
        if magnitude < Double(Float.leastNormalMagnitude) { ulp = Double(Float.leastNonzeroMagnitude) }
        return Swift.abs(Double(approx) - exact) / ulp
    }

    typealias BufferFunction = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    /// The largest error of `vectorised` over every 8209th bit pattern (about 520,000 Floats: negatives,
    /// subnormals, infinities and NaNs included), and whether the buffer function agrees bit for bit with
    /// the scalar one.
    static func worstError(_ vectorised: BufferFunction, _ scalar: (Float) -> Float,
                           _ exact: (Double) -> Double) -> (ulps: Double, at: Float, mismatches: Int) {
        let stride: UInt64 = 8209
        let inputs = (0..<((1 << 32) / stride)).map { Float(bitPattern: UInt32(truncatingIfNeeded: $0 * stride)) }
        var outputs = [Float](repeating: 0, count: inputs.count)
        inputs.withUnsafeBufferPointer { src in
            outputs.withUnsafeMutableBufferPointer { dst in vectorised(src.baseAddress!, dst.baseAddress!, src.count) }
        }
        var worst = (ulps: 0.0, at: Float(0), mismatches: 0)
        for (x, y) in zip(inputs, outputs) {
            let e = ulpError(y, exact(Double(x)))
            if e > worst.ulps { worst.ulps = e; worst.at = x }
            let s = scalar(x)
            if s.bitPattern != y.bitPattern && !(s.isNaN && y.isNaN) { worst.mismatches += 1 }
        }
        return worst
    }

    @Test func expIsFaithfullyRounded() {
        let r = Self.worstError({ FastMath.exp($0, $1, count: $2) }, { FastMath.exp($0) }, { Foundation.exp($0) })
        #expect(r.ulps < 1, "exp: \(r.ulps) ulp at \(r.at)")
        #expect(r.mismatches == 0)
    }

    @Test func logIsFaithfullyRounded() {
        let r = Self.worstError({ FastMath.log($0, $1, count: $2) }, { FastMath.log($0) }, { Foundation.log($0) })
        #expect(r.ulps < 1, "log: \(r.ulps) ulp at \(r.at)")
        #expect(r.mismatches == 0)
    }

    @Test func tanhIsWithinTwoUlps() {
        let r = Self.worstError({ FastMath.tanh($0, $1, count: $2) }, { FastMath.tanh($0) }, { Foundation.tanh($0) })
        #expect(r.ulps <= 2, "tanh: \(r.ulps) ulp at \(r.at)")
        #expect(r.mismatches == 0)
    }

    @Test func sigmoidIsWithinThreeUlps() {
        let r = Self.worstError({ FastMath.sigmoid($0, $1, count: $2) }, { FastMath.sigmoid($0) },
                                { 1 / (1 + Foundation.exp(-$0)) })
        #expect(r.ulps <= 3, "sigmoid: \(r.ulps) ulp at \(r.at)")
        #expect(r.mismatches == 0)
    }

    /// Overflow, underflow (through the subnormals to 0), zeros, infinities and NaN.
    @Test func specialValues() {
        let inf = Float.infinity
        #expect(FastMath.exp(inf) == inf && FastMath.exp(-inf) == 0 && FastMath.exp(Float.nan).isNaN)
        #expect(FastMath.exp(88.72283) == 3.4027985e38 && FastMath.exp(88.72284) == inf)
        #expect(FastMath.exp(-103.97208) == Float.leastNonzeroMagnitude)  // 2^-149
        #expect(FastMath.exp(-103.9721) == 0 && FastMath.exp(-1e30) == 0)
        #expect(FastMath.exp(0) == 1 && FastMath.exp(-0.0) == 1)
        #expect(FastMath.log(0) == -inf && FastMath.log(-0.0) == -inf && FastMath.log(inf) == inf)
        #expect(FastMath.log(-1).isNaN && FastMath.log(-inf).isNaN && FastMath.log(Float.nan).isNaN)
        #expect(FastMath.log(1) == 0)
        #expect(FastMath.log(Float.leastNonzeroMagnitude) == Foundation.log(Float.leastNonzeroMagnitude))
        #expect(FastMath.log(Float.greatestFiniteMagnitude) == Foundation.log(Float.greatestFiniteMagnitude))
        #expect(FastMath.tanh(inf) == 1 && FastMath.tanh(-inf) == -1 && FastMath.tanh(Float.nan).isNaN)
        #expect(FastMath.tanh(0).sign == .plus && FastMath.tanh(-0.0).sign == .minus && FastMath.tanh(-0.0) == 0)
        #expect(FastMath.tanh(50) == 1 && FastMath.tanh(-50) == -1)
        #expect(FastMath.tanh(1e-30) == 1e-30)
        #expect(FastMath.sigmoid(inf) == 1 && FastMath.sigmoid(-inf) == 0 && FastMath.sigmoid(0) == 0.5)
        #expect(FastMath.sigmoid(-200) == 0 && FastMath.sigmoid(200) == 1)
    }

    /// The softmax kernels' exponential: `exp` down to -87, then 0 (no subnormal results).
    @Test func flushedExponential() {
        let xs: [Float] = [-1e30, -104, -100, -88, -87.00001, -87, -86.9, -50, 0, 3, 88, .infinity, -.infinity]
        var ys = [Float](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { src in
            ys.withUnsafeMutableBufferPointer {
                FastMath.expFlushingSubnormals(src.baseAddress!, $0.baseAddress!, count: src.count)
            }
        }
        for (x, y) in zip(xs, ys) {
            #expect(y == (x < -87 ? 0 : FastMath.exp(x)), "\(x)")
            #expect(y == 0 || y >= Float.leastNormalMagnitude)
        }
        #expect(FastMath.expFlushingSubnormals(Float.nan).isNaN)
    }

    /// The Gumbel transform is `-log(-log u)` with the same logarithm, and stays finite on the open unit
    /// interval's extremes.
    @Test func gumbelTransform() {
        let u: [Float] = [0x1p-24, 1e-6, 0.1, 0.5, 0.9, 1 - 0x1p-24]
        var g = [Float](repeating: 0, count: u.count)
        u.withUnsafeBufferPointer { src in
            g.withUnsafeMutableBufferPointer { dst in FastMath.gumbel(src.baseAddress!, dst.baseAddress!, count: src.count) }
        }
        for (x, y) in zip(u, g) {
            #expect(y == -FastMath.log(-FastMath.log(x)))
            #expect(Swift.abs(Double(y) + Foundation.log(-Foundation.log(Double(x)))) <= 1e-6 * Swift.max(1, Double(Swift.abs(y))))
        }
    }
}
