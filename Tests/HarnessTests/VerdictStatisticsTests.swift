import Foundation
@testable import Harness
@testable import Reports
import SynthMath
import Testing

/// The statistics behind the comparison's verdicts, each against an independent oracle: scipy's
/// `friedmanchisquare` (`scripts/reference/friedman.py`), Demšar's table of Nemenyi critical values,
/// hand-computed Holm adjustments and power estimates, and brute-force enumeration of the bootstrap on tiny
/// cases.
@Suite struct VerdictStatisticsTests {
    @Test func friedmanMatchesSciPy() throws {
        // scripts/reference/friedman.py, case "no_ties".
        let noTies = try FriedmanTest(scores: [[0.763, 0.768, 0.771, 0.798], [0.599, 0.591, 0.590, 0.569],
                                               [0.954, 0.971, 0.968, 0.967], [0.628, 0.661, 0.654, 0.657],
                                               [0.882, 0.888, 0.886, 0.898]],
                                      methods: ["a", "b", "c", "d"], datasets: ["1", "2", "3", "4", "5"])
        #expect(abs(noTies.statistic - 4.200000000000003) < 1e-12)
        #expect(abs(noTies.pValue - 0.24066188520961498) < 1e-12)
        #expect(zip(noTies.averageRanks, [3.4, 1.8, 2.6, 2.2]).allSatisfy { abs($0 - $1) < 1e-12 })
        // Case "ties": the tie correction.
        let ties = try FriedmanTest(scores: [[1, 2, 2, 3, 0.5], [0.3, 0.3, 0.3, 0.9, 0.1], [5, 4, 4, 4, 6]],
                                    methods: ["a", "b", "c", "d", "e"], datasets: ["1", "2", "3"])
        #expect(abs(ties.statistic - 2.1176470588235263) < 1e-12)
        #expect(abs(ties.pValue - 0.714131034352426) < 1e-12)
        #expect(zip(ties.averageRanks, [3.0, 19.0 / 6, 19.0 / 6, 2.0, 11.0 / 3]).allSatisfy { abs($0 - $1) < 1e-12 })
        // Too little to rank: an error naming the shape.
        #expect(throws: ReportError.self) { try FriedmanTest(scores: [[1, 2]], methods: ["a", "b"], datasets: ["1"]) }
        #expect(throws: ReportError.self) { try FriedmanTest(scores: [[1, .nan], [1, 2]], methods: ["a", "b"], datasets: ["1", "2"]) }
    }

    /// Demšar (2006), Table 5(a): q_0.05 for k = 2...10 (printed to three decimals, truncated); CD = q √(k(k+1)/(6N)).
    @Test func nemenyiCriticalDifferenceMatchesDemsar() {
        let demsar = [1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164]
        for (i, q) in demsar.enumerated() {
            let k = i + 2
            let cd = NemenyiTest.criticalDifference(methods: k, datasets: 6)!
            #expect(abs(cd / (Double(k * (k + 1)) / 36).squareRoot() - q) < 1e-3, "k = \(k)")
        }
        #expect(NemenyiTest.criticalDifference(methods: 31, datasets: 5) == nil)
        #expect(NemenyiTest.criticalDifference(methods: 1, datasets: 5) == nil)
    }

    /// Cliques against brute force: every maximal run of rank-sorted methods whose span is within CD.
    @Test func cliquesAreTheMaximalGroupsWithinTheCriticalDifference() {
        let ranks = [1.0, 1.5, 2.9, 3.2, 5.0, 5.1]
        // By hand: gaps 0.5, 1.4, 0.3, 1.8, 0.1 between neighbours.
        #expect(NemenyiTest.cliques(averageRanks: ranks, cd: 1.5) == [[0, 1], [1, 2], [2, 3], [4, 5]])
        #expect(NemenyiTest.cliques(averageRanks: ranks, cd: 2.0) == [[0, 1, 2], [1, 2, 3], [3, 4, 5]])
        #expect(NemenyiTest.cliques(averageRanks: ranks, cd: 0.1) == [[4, 5]])
        #expect(NemenyiTest.cliques(averageRanks: ranks, cd: 10) == [[0, 1, 2, 3, 4, 5]])
    }

    @Test func holmAdjustsStepDown() {
        // By hand: sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 -> running max 0.06.
        let p = [0.01, 0.04, 0.03, 0.005]
        let adjusted = HolmCorrection.adjusted(p)
        #expect(zip(adjusted, [0.03, 0.06, 0.06, 0.02]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(HolmCorrection.rejected(p) == [true, false, false, true])
        #expect(HolmCorrection.adjusted([0.9, 0.8]) == [1, 1])
    }

    /// Every resample of a tiny case enumerated: the exact bootstrap distribution of the widened estimate,
    /// against which the seeded Monte Carlo replicates' tail share must agree within 4 binomial sd.
    @Test func bootstrapMatchesExhaustiveEnumeration() {
        let a = [0.1, 0.4, 1.0], b = [0.2, -0.3]
        func means(_ x: [Double]) -> [Double] {
            // All n^n ordered resamples, each equally likely.
            var out: [Double] = []
            func go(_ picked: [Double]) {
                if picked.count == x.count { out.append(picked.reduce(0, +) / Double(x.count)); return }
                for v in x { go(picked + [v]) }
            }
            go([])
            return out
        }
        func widened(_ x: [Double]) -> [Double] {
            let m = x.reduce(0, +) / Double(x.count), f = (Double(x.count) / Double(x.count - 1)).squareRoot()
            return means(x).map { m + f * ($0 - m) }
        }
        let exact = widened(a).flatMap { u in widened(b).map { (u + $0) / 2 } }
        let boot = PairedBootstrap(strata: [a, b], resamples: 4000, seed: 9)
        #expect(abs(boot.estimate - (0.5 + -0.05) / 2) < 1e-15)
        // Pooled within-stratum sd: squared deviations (0.16 + 0.01 + 0.25) and 0.125 over 2 + 1 degrees of freedom.
        #expect(abs(boot.unitSD! - (((0.16 + 0.01 + 0.25) + 0.125) / 3).squareRoot()) < 1e-12)
        for margin in [0.0, 0.1, 0.25, 0.4] {
            let p = Double(exact.filter { $0 >= margin }.count) / Double(exact.count)
            let mc = Double(boot.replicates.filter { $0 >= margin }.count) / Double(boot.replicates.count)
            #expect(abs(mc - p) <= 4 * (p * (1 - p) / 4000).squareRoot() + 1e-9, "margin \(margin): \(mc) vs exact \(p)")
            #expect(abs(boot.pValueBelow(margin) - (mc * 4000 + 1) / 4001) < 1e-12)
        }
        // Replicates are seeded: the same seed, the same replicates.
        #expect(PairedBootstrap(strata: [a, b], seed: 9) == PairedBootstrap(strata: [a, b], seed: 9))
    }

    @Test func seedsNeededFollowsTheNormalPowerFormula() {
        // z_0.95 + z_0.8 = 1.644854 + 0.841621 = 2.486475; (2.486475 · 0.02 / 0.01)² = 24.73 -> 25.
        #expect(NonInferiorityTest.seedsNeeded(harm: 0.01, margin: 0.02, sd: 0.02, datasets: 1, family: 1) == 25)
        // Three datasets share the load: 24.73 / 3 -> 9.
        #expect(NonInferiorityTest.seedsNeeded(harm: 0.01, margin: 0.02, sd: 0.02, datasets: 3, family: 1) == 9)
        #expect(NonInferiorityTest.seedsNeeded(harm: 0.02, margin: 0.02, sd: 0.02, datasets: 1, family: 1) == nil)
        #expect(NonInferiorityTest.seedsNeeded(harm: 0.0199999, margin: 0.02, sd: 0.02, datasets: 1, family: 1) == NonInferiorityTest.seedCap)
    }

    /// Calibration: when both backends are the same (harm is pure noise around 0, sd 0.03 per pair, far
    /// more than the 0.02 margin), two seeds on three datasets must almost never call the candidate worse.
    /// Negative control: a true harm of 0.1 is called worse almost always.
    @Test func identicalBackendsAreRarelyWorseAndAClearHarmIsCaught() {
        var rng = RandomStream(seed: 2024)
        func verdict(trueHarm: Double) -> NonInferiorityTest.Outcome {
            let strata = (0..<3).map { _ in (0..<2).map { _ in trueHarm + 0.03 * rng.nextNormal() } }
            return NonInferiorityTest.judge([.init(metric: "quality", margin: 0.02, strata: strata)], seed: rng.next())[0].outcome
        }
        let null = (0..<200).map { _ in verdict(trueHarm: 0) }
        #expect(null.filter { $0 == .worse }.count <= 10, "false 'worse' in \(null.filter { $0 == .worse }.count) of 200")
        let harmful = (0..<100).map { _ in verdict(trueHarm: 0.1) }
        #expect(harmful.filter { $0 == .worse }.count >= 90)
    }
}
