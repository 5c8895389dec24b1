import CSynthKernels
import Foundation
import Testing
@testable import SynthMath

/// The kernel-density sums of `CSynthKernels` (`synth_kde_fold`, used by ``MultivariateGaussianKDE``): every
/// build this CPU runs (AVX-512, AVX2, portable) returns the same bits; the vector exponential is within 2 ulp of
/// libm's; the folded log-sum-exp equals the scalar libm loop it replaced to 1e-13.
@Suite struct KernelDensityFoldTests {
    static let builds: [Int32] = [2, 1, 0].filter { synth_kde_supports($0) != 0 }

    static func exps(_ y: [Double], build: Int32) -> [Double] {
        var out = [Double](repeating: .nan, count: y.count)
        #expect(synth_kde_exp(build, y, Int64(y.count), &out) == 0)
        return out
    }

    @Test func exponentialIsWithinTwoUlpOfLibm() {
        var rng = RandomStream(seed: 3)
        let y = (0..<20_000).map { _ in -708 * rng.nextDouble() } + (0..<2_000).map { -Double($0) / 1000 } + [0, -1e-300, -707.9]
        let reference = y.map { Foundation.exp($0) }
        for build in Self.builds {
            let out = Self.exps(y, build: build)
            let worst = zip(out, reference).map { abs($0 - $1) / $1.ulp }.max()!
            #expect(worst <= 2, "build \(build): \(worst) ulp")
            #expect(out == Self.exps(y, build: 0), "build \(build) differs from the portable build")
        }
        // Below −708 (and −∞, a row's padding) the terms are 0; the negative control: just above is not.
        #expect(Self.exps([-708.5, -1000, -.infinity], build: Self.builds[0]) == [0, 0, 0])
        #expect(Self.exps([-707.5], build: Self.builds[0])[0] > 0)
    }

    /// A block of dot products with norms, folded in two reference blocks, against the scalar libm loop.
    @Test(arguments: [(7, 13), (16, 8), (3, 1), (33, 101)])
    func foldEqualsTheScalarLogSumExp(_ shape: (rows: Int, width: Int)) {
        var rng = RandomStream(seed: UInt64(shape.rows * 31 + shape.width))
        let d = 3
        let q = (0..<(shape.rows * d)).map { _ in rng.nextNormal() * 4 }
        let r = (0..<(2 * shape.width * d)).map { _ in rng.nextNormal() * 4 }
        func dot(_ i: Int, _ j: Int) -> Double { (0..<d).reduce(0) { $0 + q[i * d + $1] * r[j * d + $1] } }
        func norm(_ v: [Double], _ i: Int) -> Double { (0..<d).reduce(0) { $0 + v[i * d + $1] * v[i * d + $1] } }
        let qNorm = (0..<shape.rows).map { norm(q, $0) }, rNorm = (0..<(2 * shape.width)).map { norm(r, $0) }
        var expected = [Double](repeating: 0, count: shape.rows)
        for i in 0..<shape.rows {
            let x = (0..<(2 * shape.width)).map { -0.5 * SquaredDistanceBlocks.distance(qNorm[i], rNorm[$0], dot(i, $0)) }
            let m = x.max()!
            expected[i] = m + log(x.reduce(0) { $0 + Foundation.exp($1 - m) })
        }
        var results: [[Double]] = []
        for build in Self.builds {
            var maxima = [Double](repeating: -.infinity, count: shape.rows), sums = [Double](repeating: 0, count: shape.rows)
            for block in 0..<2 {
                let columns = (block * shape.width)..<((block + 1) * shape.width)
                var cross = (0..<shape.rows).flatMap { i in columns.map { dot(i, $0) } }
                rNorm.withUnsafeBufferPointer { rn in
                    #expect(synth_kde_fold(build, &cross, Int64(shape.rows), Int64(shape.width), qNorm,
                                           rn.baseAddress! + columns.lowerBound, &maxima, &sums) == 0)
                }
            }
            let got = (0..<shape.rows).map { maxima[$0] + log(sums[$0]) }
            for (a, b) in zip(got, expected) { #expect(abs(a - b) <= 1e-13 * max(1, abs(b)), "build \(build): \(a) vs \(b)") }
            results.append(got)
        }
        #expect(results.allSatisfy { $0 == results[0] })
    }

    /// The negative control of the oracle above: moving one point changes the density there.
    @Test func densityMovesWithTheData() throws {
        let data = Matrix([[0, 0], [1, 0.5], [2, 1.5], [0.5, -1]])
        var moved = data
        moved[3, 0] = 5
        let at = Matrix([[0.5, -1]])
        let a = try MultivariateGaussianKDE(data: data).logDensity(at)[0], b = try MultivariateGaussianKDE(data: moved).logDensity(at)[0]
        #expect(abs(a - b) > 0.1)
    }
}
