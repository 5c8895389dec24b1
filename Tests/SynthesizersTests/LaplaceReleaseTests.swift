import Foundation
import Testing
import SynthMath
@testable import Synthesizers

@Suite("Laplace release")
struct LaplaceReleaseTests {
    /// Bounds from the data are refused with the reason.
    @Test func dataBoundsAreRefused() {
        var rng = RandomStream(seed: 1)
        let error = #expect(throws: SynthesisError.self) {
            try LaplaceRelease.release([1, 2, 3], statistic: .mean, bounds: .fromData, epsilon: 1, rng: &rng)
        }
        #expect(String(describing: error!).contains("not be differentially private"))
        #expect(throws: SynthesisError.self) {
            try LaplaceRelease.release([1], statistic: .sum, bounds: .declared(low: 2, high: 2), epsilon: 1, rng: &rng)
        }
    }

    /// Closed forms: the scale is (high - low) / (n epsilon) for a mean, (high - low) / epsilon for a sum;
    /// over 40,000 releases the noise has mean 0 and variance 2 scale² (within sampling error), centred on
    /// the clipped statistic (a value above `high` counts as `high`).
    @Test func noiseHasTheLaplaceScale() throws {
        var rng = RandomStream(seed: 7)
        let values = [1.0, 2, 3, 100]  // 100 clips to 10: clipped mean 4
        var sum = 0.0, squares = 0.0
        let n = 40_000
        for _ in 0..<n {
            let r = try LaplaceRelease.release(values, statistic: .mean, bounds: .declared(low: 0, high: 10),
                                               epsilon: 0.5, rng: &rng)
            #expect(r.scale == 10.0 / 4 / 0.5)
            sum += r.value - 4; squares += (r.value - 4) * (r.value - 4)
        }
        let mean = sum / Double(n), variance = squares / Double(n) - mean * mean
        #expect(abs(mean) < 0.1)  // sd of the mean: sqrt(2 · 25 / 40000) ≈ 0.035
        #expect(abs(variance / 50 - 1) < 0.05)
        let s = try LaplaceRelease.release(values, statistic: .sum, bounds: .declared(low: 0, high: 10), epsilon: 2, rng: &rng)
        #expect(s.scale == 5)
    }
}
