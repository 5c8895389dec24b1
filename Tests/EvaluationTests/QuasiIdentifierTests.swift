import Testing
import SynthCore
import SynthTable
@testable import Evaluation

/// Declared quasi-identifiers (`--quasi-identifiers`, a spec's `quasi_identifiers`): the anonymity suite's
/// classes and the Anonymeter inference attack use them instead of the automatic choice, counted by hand on
/// AnonymitySuiteTests' tiny table; a name that is not a compared column, or the target, is an error naming it.
@Suite struct QuasiIdentifierTests {
    static func declaring(_ names: [String]?, _ input: EvaluationInput = AnonymitySuiteTests.tiny()) -> EvaluationInput {
        var i = input
        i.quasiIdentifiers = names
        return i
    }

    static func names(_ details: JSONValue?) -> [String]? {
        guard case .object(let o)? = details, case .array(let a)? = o["quasi_identifiers"] else { return nil }
        return a.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }

    @Test func declaredColumnsFormTheClasses() {
        // On b alone: real p 12, q 25; synthetic p 3, q 30.
        let onB = Self.declaring(["b"])
        let k = AnonymitySuite.suite["k_anonymity"]!.compute(onB)
        #expect(k.value == 3 && Self.names(k.details) == ["b"])
        #expect(AnonymitySuite.suite["k_map"]!.compute(onB).value == 12)
        #expect(abs(AnonymitySuite.suite["delta_presence"]!.compute(onB).value! - 30.0 / 25) < 1e-15)
        // A numerical column compares by exact value (no generalisation): the synthetic rows (0,p), (1,p),
        // (2,p) are classes of one row each.
        #expect(AnonymitySuite.suite["k_anonymity"]!.compute(Self.declaring(["a", "b"])).value == 1)
        // Negative control: without a declaration the automatic choice (b, c) gives the hand count 2.
        let automatic = AnonymitySuite.suite["k_anonymity"]!.compute(Self.declaring(nil))
        #expect(automatic.value == 2 && Self.names(automatic.details) == ["b", "c"])
    }

    @Test func clusterFormsUseTheDeclaredColumns() {
        // The k-means forms on c alone: the synthetic c takes two values (u 5 rows, w 28), so k = 2 (the only
        // k with 33/k ≥ 10) splits them exactly: 5. The automatic choice (a, b, c) follows the two blobs: 3.
        let declared = AnonymitySuite.suite["cluster_k_anonymization"]!.compute(Self.declaring(["c"]))
        let automatic = AnonymitySuite.suite["cluster_k_anonymization"]!.compute(Self.declaring(nil))
        #expect(declared.value == 5 && automatic.value == 3)
    }

    @Test(arguments: [
        (["zz"], "zz", "the metadata has no such column"),
        (["t"], "t", "the target"),
        (["b", "b"], "b", "each column named once"),
        ([], "[]", "at least one column name"),
    ])
    func badDeclarationsNameTheColumn(names: [String], shown: String, why: String) {
        for metric in ["k_anonymity", "cluster_k_map"] {
            let r = AnonymitySuite.suite[metric]!.compute(Self.declaring(names))
            #expect(r.status == .error)
            #expect((r.error ?? "").contains("quasi_identifiers = \(shown)") && (r.error ?? "").contains(why), "\(r.error ?? "")")
        }
    }

    @Test func anonymeterInfersTheOtherColumnsFromTheDeclaredOnes() throws {
        let input = Self.declaring(["a", "b"], AnonymeterSuiteTests.tiny())
        let r = AnonymeterSuite.suite["inference"]!.compute(input)
        guard case .object(let d)? = r.details, case .object(let secrets)? = d["secrets"] else {
            Issue.record("inference: \(r.error ?? r.reason ?? "")"); return
        }
        let compared = Set(input.comparedColumns.map(\.name))
        #expect(Set(secrets.keys) == compared.subtracting(["a", "b"]))
        #expect(Self.names(r.details) == ["a", "b"])
        // Without a declaration every compared column is a secret in turn.
        guard case .object(let all)? = AnonymeterSuiteTests.details("inference")["secrets"] else { Issue.record("no secrets"); return }
        #expect(Set(all.keys) == compared)
        let link = AnonymeterSuite.suite["linkability"]!.compute(input)
        #expect(link.status == .ok && Self.names(link.details) == ["a", "b"])
        let every = Self.declaring(Array(compared).sorted(), AnonymeterSuiteTests.tiny())
        #expect(AnonymeterSuite.suite["inference"]!.compute(every).status == .error)
    }
}
