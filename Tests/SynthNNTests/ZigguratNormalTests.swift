import Foundation
import SynthMath
import Testing
@testable import SynthNN

/// The ziggurat normal sampler: moments, tails and the Kolmogorov-Smirnov distance to N(0, 1).
@Suite("Ziggurat normals")
struct ZigguratNormalTests {
    @Test(arguments: [UInt64(1), 2])
    func samplesAreStandardNormal(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let n = 200_000
        var xs = [Float](repeating: 0, count: n)
        xs.withUnsafeMutableBufferPointer { ZigguratNormal.fill($0, rng: &rng) }
        let d = xs.map(Double.init)
        let mean = d.reduce(0, +) / Double(n)
        let variance = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(Swift.abs(mean) < 5 / Double(n).squareRoot(), "mean \(mean)")
        #expect(Swift.abs(variance - 1) < 5 * (2 / Double(n)).squareRoot(), "variance \(variance)")
        // The tail layer: P(|X| > r) = erfc(r / sqrt 2) = 5.7612e-4.
        let tail = Double(d.filter { Swift.abs($0) > ZigguratNormal.r }.count) / Double(n)
        let pTail = erfc(ZigguratNormal.r / 2.0.squareRoot())
        #expect(Swift.abs(tail - pTail) < 5 * (pTail / Double(n)).squareRoot(), "tail fraction \(tail) vs \(pTail)")
        // Kolmogorov-Smirnov: sup |F_n - Phi| below the 0.1 % critical value 1.95 / sqrt(n).
        let sorted = d.sorted()
        var ks = 0.0
        for (i, x) in sorted.enumerated() {
            let phi = 0.5 * erfc(-x / 2.0.squareRoot())
            ks = Swift.max(ks, Swift.abs(Double(i + 1) / Double(n) - phi), Swift.abs(phi - Double(i) / Double(n)))
        }
        #expect(ks < 1.95 / Double(n).squareRoot(), "KS distance \(ks)")
    }

    @Test func sameSeedSameSamples() {
        var a = RandomStream(seed: 9), b = RandomStream(seed: 9)
        #expect(Tensor.normal(.matrix(4, 5), rng: &a).toArray() == Tensor.normal(.matrix(4, 5), rng: &b).toArray())
    }
}
