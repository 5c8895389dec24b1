import Foundation
import SynthMath
import Testing
@testable import SynthNN

/// bf16 rounding against a scalar oracle, bf16 products against an fp64 oracle within the bf16 error
/// bound, and the gradients of a tiny MLP in bf16 against fp32.
@Suite struct BFloat16Tests {
    /// The oracle: the two bf16 neighbours of `x` (truncated and one step away from zero), the nearer one
    /// in exact (Double) arithmetic, a tie to the even one. The step past the largest bf16 counts as
    /// 2¹²⁸, so overflow follows IEEE round-to-nearest. NaN maps to a NaN.
    static func oracle(_ x: Float) -> (bits: UInt16, isNaN: Bool) {
        if x.isNaN { return (0x7FC0, true) }
        if x.isInfinite { return (x < 0 ? 0xFF80 : 0x7F80, false) }
        let sign = x.bitPattern & 0x8000_0000
        let low = UInt16(truncatingIfNeeded: x.bitPattern >> 16), high = low &+ 1
        func value(_ b: UInt16) -> Double {
            if b & 0x7FFF == 0x7F80 { return (sign != 0 ? -1 : 1) * 0x1p128 }
            return Double(Float(bitPattern: UInt32(b) << 16))
        }
        let dLow = abs(Double(x) - value(low)), dHigh = abs(Double(x) - value(high))
        if dLow < dHigh { return (low, false) }
        if dHigh < dLow { return (high, false) }
        return (low & 1 == 0 ? low : high, false)
    }

    static func matches(_ x: Float, _ got: UInt16) -> Bool {
        let o = oracle(x)
        if o.isNaN { return got & 0x7F80 == 0x7F80 && got & 0x007F != 0 && got & 0x8000 == UInt16(x.bitPattern >> 16) & 0x8000 }
        return got == o.bits
    }

    static let specials: [Float] = [
        0, -0, 1, -1, .infinity, -.infinity, .nan, -Float.nan, Float(bitPattern: 0x7F80_0001), Float(bitPattern: 0xFF80_0001),
        Float(bitPattern: 0x7FBF_FFFF), .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
        Float(bitPattern: 0x007F_FFFF), Float(bitPattern: 0x0000_8000), Float(bitPattern: 0x0001_8000),
        Float(bitPattern: 0x3F80_8000), Float(bitPattern: 0x3F81_8000), Float(bitPattern: 0x3F80_8001),
        Float(bitPattern: 0x3F80_7FFF), .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        Float(bitPattern: 0x7F7F_7FFF), Float(bitPattern: 0x7F7F_8000), Float(bitPattern: 0x7F7E_8000),
    ]

    /// Special values: signed zeros, infinities, NaNs (one whose payload is only in the low bits),
    /// subnormals (whose rounding is exact too), ties to even both ways, and overflow at the top.
    @Test func specialValuesRoundLikeTheOracle() {
        for x in Self.specials {
            #expect(Self.matches(x, BFloat16.bits(x)), "\(String(x.bitPattern, radix: 16)) -> \(String(BFloat16.bits(x), radix: 16))")
        }
        #expect(BFloat16.bits(Float(bitPattern: 0x3F80_8000)) == 0x3F80)  // tie, even below
        #expect(BFloat16.bits(Float(bitPattern: 0x3F81_8000)) == 0x3F82)  // tie, even above
        #expect(BFloat16.bits(.greatestFiniteMagnitude) == 0x7F80)          // overflows to inf
        #expect(BFloat16.bits(Float(bitPattern: 0x7F80_0001)) & 0x007F != 0) // stays a NaN
        #expect(BFloat16.bits(Float(bitPattern: 0x0000_8000)) == 0x0000)   // subnormal tie to even zero
    }

    /// The buffer conversion (the vectorised loop) over a sweep of every 4099th bit pattern (about a
    /// million values, all exponents, both signs) with the specials mixed in at odd offsets.
    @Test func bufferConversionMatchesTheOracleOverASweep() {
        var xs: [Float] = []
        var u: UInt64 = 0
        while u <= UInt64(UInt32.max) { xs.append(Float(bitPattern: UInt32(u))); u += 4099 }
        for (i, s) in Self.specials.enumerated() { xs.insert(s, at: 3 + 7 * i) }
        var out = [UInt16](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { BFloat16.convert(x.baseAddress!, $0.baseAddress!, count: xs.count) }
        }
        let bad = (0..<xs.count).filter { !Self.matches(xs[$0], out[$0]) }
        #expect(bad.isEmpty, "\(bad.count) mismatches, first \(bad.first.map { String(xs[$0].bitPattern, radix: 16) } ?? "")")
        #expect(out == xs.map(BFloat16.bits))
    }

    /// Negative control: truncation (what a careless conversion does) fails the oracle on the sweep.
    @Test func truncationFailsTheOracle() {
        let truncated = (0..<1000).map { Float(bitPattern: 0x3F80_0000 &+ UInt32($0) &* 977) }
        #expect(truncated.contains { !Self.matches($0, UInt16(truncatingIfNeeded: $0.bitPattern >> 16)) })
    }

    // MARK: products

    /// `C = alpha op(A) op(B) + beta C` in Double from the same Float inputs.
    static func reference(m: Int, n: Int, k: Int, _ a: [Float], lda: Int, ta: Bool, _ b: [Float], ldb: Int, tb: Bool,
                          c: [Float], ldc: Int, alpha: Float, beta: Float) -> (value: [Double], magnitude: [Double]) {
        var value = [Double](repeating: 0, count: m * n), magnitude = value
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0, abs = 0.0
                for l in 0..<k {
                    let x = Double(ta ? a[l * lda + i] : a[i * lda + l]), y = Double(tb ? b[j * ldb + l] : b[l * ldb + j])
                    s += x * y; abs += Swift.abs(x * y)
                }
                let cij = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                value[i * n + j] = Double(alpha) * s + cij
                magnitude[i * n + j] = Swift.abs(Double(alpha)) * abs + Swift.abs(cij)
            }
        }
        return (value, magnitude)
    }

    /// The bound for a bf16 product with fp32 sums: each operand rounds with relative error ≤ u = 2⁻⁸, so
    /// each term `a b` with ≤ 2u + u²; the k-term fp32 sum, alpha and beta add ≤ (k + 2)·2⁻²⁴ each way.
    /// Per entry: |ĉ − c| ≤ (2⁻⁷ + 2⁻¹⁶ + (k + 2)·2⁻²³)·(|α| Σ|a||b| + |β c|).
    static func bf16Bound(k: Int) -> Double { 0x1p-7 + 0x1p-16 + Double(k + 2) * 0x1p-23 }
    /// The fp32 (sgemm) bound of the same form: (k + 2)·2⁻²³.
    static func fp32Bound(k: Int) -> Double { Double(k + 2) * 0x1p-23 }

    struct Case: CustomTestStringConvertible, Sendable {
        let m: Int, n: Int, k: Int, ta: Bool, tb: Bool, alpha: Float, beta: Float, pad: Int
        var testDescription: String { "\(m)x\(n)x\(k) ta=\(ta) tb=\(tb) α=\(alpha) β=\(beta) pad=\(pad)" }
    }

    static let cases: [Case] = [
        Case(m: 1, n: 1, k: 1, ta: false, tb: false, alpha: 1, beta: 0, pad: 0),
        Case(m: 37, n: 23, k: 65, ta: false, tb: true, alpha: 1, beta: 0, pad: 0),
        Case(m: 37, n: 23, k: 65, ta: true, tb: false, alpha: 1, beta: 1, pad: 3),
        Case(m: 50, n: 31, k: 300, ta: false, tb: false, alpha: 0.75, beta: -1.25, pad: 5),
        Case(m: 19, n: 44, k: 129, ta: true, tb: true, alpha: 1, beta: 1, pad: 0),
        Case(m: 64, n: 64, k: 1000, ta: false, tb: true, alpha: 1, beta: 0, pad: 2),
    ]

    /// Runs `Kernels.gemm` on seeded inputs (padding holds NaN, which must not be read; `C`'s padding a
    /// sentinel, which must not be written) and returns the worst error relative to each bound.
    static func worstRatios(_ t: Case, bf16: Bool) -> (bf16: Double, fp32: Double, paddingIntact: Bool) {
        var rng = RandomStream(seed: UInt64(t.m * 1000 + t.k))
        let (ar, ac) = t.ta ? (t.k, t.m) : (t.m, t.k), (br, bc) = t.tb ? (t.n, t.k) : (t.k, t.n)
        let lda = ac + t.pad, ldb = bc + t.pad, ldc = t.n + t.pad
        func matrix(_ rows: Int, _ cols: Int, _ ld: Int, pad: Float) -> [Float] {
            (0..<(rows * ld)).map { $0 % ld < cols ? Float(rng.nextDouble() * 4 - 2) : pad }
        }
        let a = matrix(ar, ac, lda, pad: .nan), b = matrix(br, bc, ldb, pad: .nan)
        var c = matrix(t.m, t.n, ldc, pad: 12345)
        let ref = reference(m: t.m, n: t.n, k: t.k, a, lda: lda, ta: t.ta, b, ldb: ldb, tb: t.tb, c: c, ldc: ldc,
                            alpha: t.alpha, beta: t.beta)
        let run = {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        Kernels.gemm(m: t.m, n: t.n, k: t.k, a.baseAddress!, lda: lda, transposeA: t.ta, b.baseAddress!,
                                     ldb: ldb, transposeB: t.tb, into: c.baseAddress!, ldc: ldc, alpha: t.alpha, beta: t.beta)
                    }
                }
            }
        }
        if bf16 { MatrixPrecision.$bf16Kernel.withValue(OneDNNMatmul.shared!, operation: run) } else { run() }
        var worst = (bf16: 0.0, fp32: 0.0)
        for i in 0..<t.m {
            for j in 0..<t.n {
                let err = abs(Double(c[i * ldc + j]) - ref.value[i * t.n + j]), mag = max(ref.magnitude[i * t.n + j], 1e-30)
                worst.bf16 = max(worst.bf16, err / (bf16Bound(k: t.k) * mag))
                worst.fp32 = max(worst.fp32, err / (fp32Bound(k: t.k) * mag))
            }
        }
        let padding = (0..<(t.m * ldc)).allSatisfy { $0 % ldc < t.n || c[$0] == 12345 }
        return (worst.bf16, worst.fp32, padding)
    }

    /// bf16 products stay within the bf16 bound, leave C's padding alone, and are really bf16: the
    /// same entries break the fp32 bound (except 1x1x1, whose inputs may round exactly).
    @Test(arguments: cases)
    func bf16ProductsAreWithinTheBound(_ t: Case) throws {
        try #require(OneDNNMatmul.shared != nil, "oneDNN has no CPU engine")
        let r = Self.worstRatios(t, bf16: true)
        #expect(r.bf16 <= 1, "worst error \(r.bf16) of the bf16 bound")
        #expect(r.paddingIntact)
        if t.k > 1 { #expect(r.fp32 > 1, "a bf16 product met the fp32 bound: the operands were not rounded") }
    }

    /// Negative control for the oracle: sgemm meets the (tighter) fp32 bound on the same cases.
    @Test(arguments: cases)
    func sgemmMeetsTheFP32Bound(_ t: Case) {
        let r = Self.worstRatios(t, bf16: false)
        #expect(r.fp32 <= 1 && r.paddingIntact)
    }

    /// Operands given as parameters (their cached ``BF16Image`` read in place, with the parameter's leading
    /// dimension) give the same bits as the same operands converted per product.
    @Test(arguments: cases)
    func parameterImagesGiveTheConvertedProduct(_ t: Case) throws {
        let shared = try #require(OneDNNMatmul.shared, "oneDNN has no CPU engine")
        var rng = RandomStream(seed: UInt64(t.n * 1000 + t.k))
        let (ar, ac) = t.ta ? (t.k, t.m) : (t.m, t.k), (br, bc) = t.tb ? (t.n, t.k) : (t.k, t.n)
        let a = Tensor.normal(.matrix(ar, ac + t.pad), rng: &rng), b = Tensor.normal(.matrix(br, bc + t.pad), rng: &rng)
        let c0 = Tensor.normal(.matrix(t.m, t.n + t.pad), rng: &rng)
        a.requiresGrad = true; b.requiresGrad = true
        func product(parameters: Bool) -> [Float] {
            let c = c0.copy()
            MatrixPrecision.$bf16Kernel.withValue(shared) {
                Kernels.gemm(m: t.m, n: t.n, k: t.k, a.pointer, lda: ac + t.pad, transposeA: t.ta, b.pointer,
                             ldb: bc + t.pad, transposeB: t.tb, into: c.pointer, ldc: t.n + t.pad, alpha: t.alpha,
                             beta: t.beta, aParameter: parameters ? a : nil, bParameter: parameters ? b : nil)
            }
            return c.toArray()
        }
        let converted = product(parameters: false)
        #expect(product(parameters: true) == converted)
        #expect(product(parameters: true) == converted, "the reused image")
    }

    /// A parameter's image is made again after every write: a Linear's bf16 output after an Adam step, and
    /// after `assign`, equals the product with a fresh copy of the weights (not a parameter, so converted
    /// per product), bit for bit; each write did change the output, so a stale image would fail.
    @Test func parameterImagesFollowWrites() throws {
        let shared = try #require(OneDNNMatmul.shared, "oneDNN has no CPU engine")
        var rng = RandomStream(seed: 5)
        let layer = Linear(40, 24, rng: &rng)
        let x = Tensor.normal(.matrix(32, 40), rng: &rng), replacement = Tensor.normal(.matrix(24, 40), rng: &rng)
        let adam = Adam(layer.parameters(), learningRate: 1e-2)
        MatrixPrecision.$bf16Kernel.withValue(shared) {
            func output() -> [Float] { linear(x, weight: layer.weight, bias: layer.bias).toArray() }
            func fresh() -> [Float] { linear(x, weight: layer.weight.copy(), bias: layer.bias!.copy()).toArray() }
            let before = output()
            #expect(before == fresh() && output() == before)
            adam.zeroGrad(); linear(x, weight: layer.weight, bias: layer.bias).sum().backward(); adam.step()
            let stepped = output()
            #expect(stepped != before && stepped == fresh())
            layer.weight.assign(replacement)
            #expect(output() != stepped && output() == fresh())
        }
    }

    // MARK: gradients

    /// A tiny MLP (12 → 32 → 16 → 1, tanh, MSE): its parameter gradients in bf16 are within 3 % (relative
    /// to each gradient's norm) of the fp32 ones, and not equal to them (the bf16 path ran).
    @Test func tinyMLPGradientsInBF16AreCloseToFP32() throws {
        let shared = try #require(OneDNNMatmul.shared)
        var rng = RandomStream(seed: 3)
        let net = Sequential([Linear(12, 32, rng: &rng), Tanh(), Linear(32, 16, rng: &rng), Tanh(), Linear(16, 1, rng: &rng)])
        let x = Tensor.normal(.matrix(64, 12), mean: 0, std: 1, rng: &rng)
        let y = Tensor.normal(.matrix(64, 1), mean: 0, std: 1, rng: &rng)
        func gradients() -> [[Float]] {
            net.zeroGrad()
            var r = RandomStream(seed: 4)
            mseLoss(net(x, rng: &r), y).backward()
            return net.parameters().map { $0.grad!.toArray() }
        }
        let fp32 = gradients()
        let bf16 = MatrixPrecision.$bf16Kernel.withValue(shared) { gradients() }
        #expect(bf16 != fp32)
        for (g, h) in zip(fp32, bf16) {
            let norm = g.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot()
            let diff = zip(g, h).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }.squareRoot()
            #expect(diff <= 0.03 * norm, "gradient differs by \(diff / norm) of its norm")
        }
    }

    /// `MatrixPrecision.fp32.run` is sgemm, bit for bit; `bf16.run` follows the process's selection.
    @Test func fp32RunIsSgemm() {
        #expect(MatrixPrecision.fp32.run { MatrixPrecision.effective } == .fp32)
        #expect(MatrixPrecision.bf16.run { MatrixPrecision.effective } == (BF16Selection.current.kernel != nil ? .bf16 : .fp32))
    }

    /// The selection: forced to fp32 it never probes; without bf16 instructions it keeps fp32 and says why.
    @Test func selectionFallsBackWithAReason() {
        let forced = BF16Selection.select(environment: [BF16Selection.environmentKey: "fp32"], flags: ["avx512_bf16"])
        #expect(forced.kernel == nil && forced.sgemmGFLOPS == nil && forced.reason.contains("fp32"))
        let old = BF16Selection.select(environment: [:], flags: ["avx2", "fma", "avx512f"])
        #expect(old.kernel == nil && old.reason.contains("neither AVX512-BF16 nor AMX-BF16"))
    }
}
