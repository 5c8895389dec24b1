import Foundation
import Testing
import SynthMath
import SynthNN

/// Canary auditing of the DP-SGD mechanism the dpgan and dp-ctgan critics train with (Jagielski et al.
/// 2020; Nasr et al. 2021): train a critic many times on a table with and without one canary row, guess
/// membership from the trained critic, and turn the guesses' true and false positive rates into a 95 %
/// Clopper-Pearson lower bound on epsilon, `log(TPR_low / FPR_high)`. A correct mechanism keeps that bound
/// below the accountant's epsilon; the negative control (noise silently left out while the accountant
/// still claims it) must break the bound, which shows the audit can fail.
@Suite("DP-SGD canary audit")
struct DPAuditTests {
    static let rows = 20, width = 4, steps = 20, sampleRate = 0.5, clip: Float = 1, trials = 100

    /// The critic's weight on the canary's direction after `steps` DP-SGD steps (real term `-mean D(x)`,
    /// Poisson batches, SGD lr 1) at `noise`, on rows that are zero in the last coordinate, plus the canary
    /// `(0, 0, 0, 10)` when `withCanary`.
    static func trainedWeight(withCanary: Bool, noise: Double, seed: UInt64) throws -> Float {
        var rng = RandomStream(seed: seed)
        var initRNG = RandomStream(seed: 1)  // the same initial critic in both worlds
        let critic = Sequential([Linear(width, 1, rng: &initRNG)])
        let n = rows + (withCanary ? 1 : 0)
        var data = (0..<(rows * width)).map { i in i % width == width - 1 ? 0 : Float(rng.nextNormal()) }
        if withCanary { data += [0, 0, 0, 10] }
        let sampler = try DPBatchSampler(datasetSize: n, sampling: .poisson(rate: sampleRate))
        let dp = try DPSGD(module: critic, noiseMultiplier: noise, maxGradientNorm: clip,
                           expectedBatchSize: Int(Double(rows) * sampleRate))
        let optimizer = SGD(critic.parameters(), learningRate: 1)
        var done = 0
        while done < steps {
            for batch in sampler.epoch(rng: &rng) where done < steps {
                optimizer.zeroGrad()
                if !batch.isEmpty {
                    let x = Tensor(batch.flatMap { data[($0 * width)..<(($0 + 1) * width)] }, shape: .matrix(batch.count, width))
                    dp.capturing { (-critic(x, rng: &rng).mean()).backward() }
                }
                dp.privatizeGradients(rng: &rng)
                optimizer.step()
                done += 1
            }
        }
        return critic.parameters()[0].toArray()[width - 1]
    }

    /// The audit's epsilon lower bound from `trials` runs per world at `noise`.
    static func empiricalEpsilon(noise: Double) throws -> Double {
        let inWorld = try (0..<trials).map { try trainedWeight(withCanary: true, noise: noise, seed: UInt64(1000 + $0)) }
        let outWorld = try (0..<trials).map { try trainedWeight(withCanary: false, noise: noise, seed: UInt64(5000 + $0)) }
        // The best threshold on the canary weight, chosen on the outcomes (optimistic for the attacker).
        var best = 0.0
        for t in (inWorld + outWorld).sorted() {
            let tp = inWorld.filter { $0 > t }.count, fp = outWorld.filter { $0 > t }.count
            let low = clopperPearsonLower(tp, trials), high = clopperPearsonUpper(fp, trials)
            if low > 0, high > 0 { best = max(best, log(low / high)) }
        }
        return best
    }

    /// One-sided 95 % bounds of a binomial rate.
    static func clopperPearsonLower(_ k: Int, _ n: Int) -> Double {
        k == 0 ? 0 : Special.inverseRegularizedBeta(Double(k), Double(n - k + 1), 0.05)
    }
    static func clopperPearsonUpper(_ k: Int, _ n: Int) -> Double {
        k == n ? 1 : Special.inverseRegularizedBeta(Double(k + 1), Double(n - k), 0.95)
    }

    static let noise = 4.0
    static var accountantEpsilon: Double {
        var a = RDPAccountant()
        for _ in 0..<steps { a.step(noiseMultiplier: noise, sampleRate: sampleRate) }
        return a.epsilon(delta: 1e-5)
    }

    @Test func lowerBoundStaysBelowTheAccountant() throws {
        let claimed = Self.accountantEpsilon
        let audited = try Self.empiricalEpsilon(noise: Self.noise)
        #expect(audited < claimed, "empirical epsilon \(audited) vs accountant \(claimed)")
    }

    /// Negative control: without noise the canary is found every time and the bound (about 3.5 at 100
    /// trials) exceeds what the accountant claims for the noise that should have been there.
    @Test func droppedNoiseIsCaught() throws {
        let audited = try Self.empiricalEpsilon(noise: 0)
        #expect(audited > Self.accountantEpsilon, "empirical epsilon \(audited) vs claimed \(Self.accountantEpsilon)")
    }
}
