import Testing
@testable import SynthMath

/// The C passes of ``GaussianMixture``'s EM (`synth_gmm_half_norms`, `synth_gmm_centre`) against the Swift loops
/// they replace: every build gives the loops' bits, for row counts on and off the vector width and ragged widths.
/// Negative controls: the squares summed fused (one rounding per term) and the centring done as x·√r − μ·√r
/// differ from the loops somewhere, so the comparison tells the operations apart.
@Suite struct GaussianMixturePassesTests {
    // Every build this CPU runs, the portable one included.
    static let builds = GaussianMixture.passBuilds

    static func values(_ count: Int, _ rng: inout RandomStream) -> [Double] {
        (0..<count).map { _ in (rng.nextDouble() - 0.3) * 1e3 + rng.nextDouble() }
    }

    @Test(arguments: [(256, 10, 15), (13, 3, 1), (8, 1, 7), (1, 2, 2), (37, 5, 9)])
    func halfNormsEqualTheSwiftLoop(_ shape: (rows: Int, k: Int, d: Int)) {
        var rng = RandomStream(seed: UInt64(shape.rows * 31 + shape.k * 7 + shape.d))
        let kd = shape.k * shape.d
        let z = Self.values(shape.rows * kd, &rng), shift = Self.values(kd, &rng), base = Self.values(shape.k, &rng)
        var expected = [Double](repeating: 0, count: shape.rows * shape.k), fused = expected
        for i in 0..<shape.rows {
            for c in 0..<shape.k {
                var q = 0.0
                for a in 0..<shape.d { let v = z[i * kd + c * shape.d + a] - shift[c * shape.d + a]; q += v * v }
                expected[i * shape.k + c] = base[c] - 0.5 * q
                var g = 0.0
                for a in 0..<shape.d { let v = z[i * kd + c * shape.d + a] - shift[c * shape.d + a]; g = g.addingProduct(v, v) }
                fused[i * shape.k + c] = base[c] - 0.5 * g
            }
        }
        for build in Self.builds {
            var out = [Double](repeating: .nan, count: shape.rows * shape.k)
            z.withUnsafeBufferPointer { pz in
                out.withUnsafeMutableBufferPointer { po in
                    GaussianMixture.halfSquaredNorms(pz.baseAddress!, rows: shape.rows, k: shape.k, d: shape.d, shift: shift,
                                                     base: base, into: po.baseAddress!, build: build)
                }
            }
            #expect(out == expected, "build \(build)")
        }
        if shape.rows * shape.d > 100 { #expect(fused != expected) }
    }

    @Test(arguments: [(256, 10, 15), (9, 3, 1), (16, 1, 8), (3, 4, 17)])
    func centredRowsEqualTheSwiftLoop(_ shape: (rows: Int, k: Int, d: Int)) {
        var rng = RandomStream(seed: UInt64(shape.rows * 13 + shape.k + shape.d))
        let x = Self.values(shape.rows * shape.d, &rng), mean = Self.values(shape.d, &rng)
        let resp = (0..<(shape.rows * shape.k)).map { _ in rng.nextDouble() }
        for c in 0..<shape.k {
            var expected = [Double](repeating: 0, count: shape.rows * shape.d), scaledFirst = expected
            for i in 0..<shape.rows {
                let r = resp[i * shape.k + c].squareRoot()
                for j in 0..<shape.d {
                    expected[i * shape.d + j] = (x[i * shape.d + j] - mean[j]) * r
                    scaledFirst[i * shape.d + j] = x[i * shape.d + j] * r - mean[j] * r
                }
            }
            for build in Self.builds {
                var out = [Double](repeating: .nan, count: shape.rows * shape.d)
                x.withUnsafeBufferPointer { px in
                    mean.withUnsafeBufferPointer { pm in
                        resp.withUnsafeBufferPointer { pr in
                            out.withUnsafeMutableBufferPointer { po in
                                GaussianMixture.centre(px.baseAddress!, rows: shape.rows, d: shape.d, mean: pm.baseAddress!,
                                                       resp: pr.baseAddress!, k: shape.k, component: c, into: po.baseAddress!, build: build)
                            }
                        }
                    }
                }
                #expect(out == expected, "build \(build) component \(c)")
            }
            if shape.rows * shape.d > 100 { #expect(scaledFirst != expected) }
        }
    }
}
