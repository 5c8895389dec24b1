import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Evaluation

/// The k-anonymity family on a tiny table whose classes are counted by hand below, and whose k-means
/// clusters are unambiguous (two blobs 100 apart), so that SynthCity's values (pasted from
/// scripts/reference/anonymity_oracles.py) are also the definitions' values.
@Suite struct AnonymitySuiteTests {
    // scripts/reference/anonymity_oracles.py, synthcity 0.2.12
    let synthcityTinyKAnonymization = (gt: 12.0, syn: 3.00000001)
    let synthcityTinyLDiversity = (gt: 2.0, syn: 1.00000001)
    let synthcityTinyKMap = 3.0
    let synthcityTinyDeltaPresence = 3.999999986666667

    /// Real: 12 rows in blob 1 (b = p; c = u for 4 of them, else v), 25 in blob 2 (b = q; c = u for 2, else w).
    /// Synthetic: 3 rows in blob 1 (p, u, all t = x), 30 in blob 2 (q; u for 2, else w; t alternating y, z).
    static func tiny(swapSyntheticBlob1Target: Bool = false) -> EvaluationInput {
        var a: [Double?] = [], b: [String?] = [], c: [String?] = [], t: [String?] = []
        for i in 0..<37 {
            if i < 12 { a.append(Double(i % 3)); b.append("p"); c.append(i < 4 ? "u" : "v"); t.append(["x", "y"][i % 2]) }
            else { a.append(100 + Double(i % 5)); b.append("q"); c.append(i < 14 ? "u" : "w"); t.append(["x", "y", "z"][i % 3]) }
        }
        let real = try! Table(columns: [.numerical("a", a), .categorical("b", b), .categorical("c", c), .categorical("t", t)])
        a = []; b = []; c = []; t = []
        for j in 0..<33 {
            if j < 3 { a.append(Double(j)); b.append("p"); c.append("u"); t.append(swapSyntheticBlob1Target && j == 0 ? "y" : "x") }
            else { a.append(100 + Double(j % 4)); b.append("q"); c.append(j < 5 ? "u" : "w"); t.append(["y", "z"][j % 2]) }
        }
        let syn = try! Table(columns: [.numerical("a", a), .categorical("b", b), .categorical("c", c), .categorical("t", t)])
        let m = Fixtures.metadata(for: real, sdtypes: ["a": .numerical, "b": .categorical, "c": .categorical, "t": .categorical],
                                  target: "t", task: .classification)
        return EvaluationInput(real: real, synthetic: syn, metadata: m, seed: 3)
    }

    static func value(_ name: String, _ input: EvaluationInput = tiny()) -> (Double?, [String: Double]) {
        let r = AnonymitySuite.suite[name]!.compute(input)
        guard case .object(let o)? = r.details else { return (r.value, [:]) }
        return (r.value, o.compactMapValues { if case .number(let x) = $0 { return x } else { return nil } })
    }

    @Test func exactClassesMatchTheHandCount() {
        // Classes on (b, c): real (p,u) 4, (p,v) 8, (q,u) 2, (q,w) 23; synthetic (p,u) 3, (q,u) 2, (q,w) 28.
        let (k, d) = Self.value("k_anonymity")
        #expect(k == 2)
        #expect(d["share_below_2"] == 0)
        #expect(abs(d["share_below_3"]! - 2.0 / 33) < 1e-15 && abs(d["share_below_5"]! - 5.0 / 33) < 1e-15)
        #expect(d["real_k"] == 2)
        let (l, ld) = Self.value("l_diversity")
        #expect(l == 1)              // synthetic (p,u) holds only t = x
        #expect(ld["entropy_l"] == 1)
        #expect(ld["real_l"] == 2)   // real (q,u): rows 12, 13 → t = x, y
        let (kmap, kd) = Self.value("k_map")
        #expect(kmap == 2)           // synthetic classes' real counts 4, 2, 23
        #expect(kd["unique_match_share"] == 0 && kd["absent_share"] == 0)
        let (delta, _) = Self.value("delta_presence")
        #expect(abs(delta! - 28.0 / 23) < 1e-15)
    }

    @Test func entropyLDiversityOfAMixedClass() {
        // One synthetic blob-1 row relabelled y: (p,u) then holds {x: 2, y: 1}, exp(H) = exp(−(2/3)ln(2/3) − (1/3)ln(1/3)).
        let (l, d) = Self.value("l_diversity", Self.tiny(swapSyntheticBlob1Target: true))
        #expect(l == 2)
        let h = -(2.0 / 3) * log(2.0 / 3) - (1.0 / 3) * log(1.0 / 3)
        #expect(abs(d["entropy_l"]! - exp(h)) < 1e-12)
    }

    @Test func clusterFormsEqualSynthCity() {
        let (k, kd) = Self.value("cluster_k_anonymization")
        #expect(k == (synthcityTinyKAnonymization.syn - 1e-8).rounded() && kd["gt"] == synthcityTinyKAnonymization.gt)
        let (l, ld) = Self.value("cluster_l_diversity")
        #expect(l == (synthcityTinyLDiversity.syn - 1e-8).rounded() && ld["gt"] == synthcityTinyLDiversity.gt)
        #expect(Self.value("cluster_k_map").0 == synthcityTinyKMap)
        // SynthCity divides by (count + 1e-8): 12/3 up to that term.
        #expect(abs(Self.value("cluster_delta_presence").0! - synthcityTinyDeltaPresence) < 1e-7)
    }

    @Test func copyingTheRealTableIsNoMoreAnonymousThanIt() throws {
        // Negative control for the exact criteria: the synthetic table = the real one gives the real k,
        // δ = 1 in every class, and k-map = k.
        var input = Self.tiny()
        input.synthetic = input.real
        #expect(Self.value("k_anonymity", input).0 == 2)
        #expect(Self.value("delta_presence", input).0 == 1)
        #expect(Self.value("k_map", input).0 == 2)
    }

    @Test func notApplicableWithoutQuasiIdentifiersOrTarget() {
        var input = Self.tiny()
        input.metadata.target = nil
        #expect(AnonymitySuite.suite["l_diversity"]!.compute(input).status == .notApplicable)
        #expect(AnonymitySuite.suite["cluster_l_diversity"]!.compute(input).status == .notApplicable)
        input.metadata.columns = input.metadata.columns.filter { $0.name == "a" }
        #expect(AnonymitySuite.suite["k_anonymity"]!.compute(input).status == .error)
    }
}
