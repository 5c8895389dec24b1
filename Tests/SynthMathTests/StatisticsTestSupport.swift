import Foundation
@testable import SynthMath

/// Helpers shared by the statistics tests. Reference values in those tests were computed with scipy 1.17.1
/// and numpy 2.4.6 on the inputs spelled out in each test (numbers committed, not code).
enum StatTest {
    /// x_i = ((i·multiplier) mod modulus)/modulus · scale + shift for i = 1...count: a deterministic,
    /// roughly uniform sample built from exact integer arithmetic and one rounding per operation, so numpy
    /// reproduces it bit for bit (`float((i*a) % p) / p * scale + shift`). A small modulus gives ties.
    static func lattice(_ count: Int, _ multiplier: Int, _ modulus: Int, scale: Double = 1, shift: Double = 0) -> [Double] {
        (1...count).map { i in Double((i * multiplier) % modulus) / Double(modulus) * scale + shift }
    }

    /// A seeded sample of `count` values: normal, exponential or uniform, chosen by `kind`.
    static func randomSample(_ count: Int, kind: Int, seed: UInt64) -> [Double] {
        var r = RandomStream(seed: seed)
        switch kind % 3 {
        case 0: return (0..<count).map { _ in r.nextNormal(mean: 1, std: 2) }
        case 1: return (0..<count).map { _ in -log(r.nextOpenDouble()) }
        default: return (0..<count).map { _ in r.uniform(-5, 5) }
        }
    }
}
