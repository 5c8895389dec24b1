import Foundation
import Testing
@testable import Harness
import Synthesizers

/// A grid's `federated`: the neural generators run once per entry (null: centralised), other methods once;
/// bad entries name their key; the cell's run config carries the request.
@Suite struct ExperimentSpecFederatedTests {
    func decode(_ json: String) throws(ExperimentSpecError) -> ExperimentSpec {
        try ExperimentSpec.decode(Data(json.utf8), source: "spec.json", availableDatasets: ["wine"])
    }

    @Test func neuralMethodsSweepTheEntries() throws {
        let spec = try decode(#"""
        {"name": "s", "datasets": ["wine"], "methods": ["ctgan", "gc"], "backends": ["sdv"],
         "federated": [null, {"clients": 4, "rounds": 5}, {"clients": 3, "rounds": 2, "partition": "dirichlet(0.5)"}]}
        """#)
        #expect(spec.cells.map(\.id) == [
            "wine__ctgan__sdv__s0", "wine__ctgan__sdv__s0__fed-k4-r5-iid", "wine__ctgan__sdv__s0__fed-k3-r2-dirichlet0.5",
            "wine__gc__sdv__s0",
        ])
        let config = spec.runConfig(for: spec.cells[1], fetchIfMissing: false, datasetsDirectory: nil)
        #expect(config.federated == FederatedRequest(clients: 4, rounds: 5))
        #expect(spec.runConfig(for: spec.cells[0], fetchIfMissing: false, datasetsDirectory: nil).federated == nil)
        // Specs without the key keep their hash; with it the hash changes; the normalized form reads back.
        let plain = try decode(#"{"name": "s", "datasets": ["wine"], "methods": ["ctgan", "gc"], "backends": ["sdv"]}"#)
        #expect(plain.federated == [nil])
        #expect(plain.contentHash != spec.contentHash)
        #expect(try ExperimentSpec.decode(Data(try spec.normalizedText().utf8), availableDatasets: ["wine"]) == spec)
    }

    @Test(arguments: [
        (#"{"clients": 0, "rounds": 1}"#, "federated.clients"), (#"[{"clients": 2, "rounds": 1, "speed": 2}]"#, "federated[0].speed"),
        (#"[{"clients": 2}]"#, "federated[0].rounds"), (#"[{"clients": 2, "rounds": 1, "partition": "random"}]"#, "federated[0]"),
        (#"[{"clients": 2, "rounds": 1, "partition": "by-column"}]"#, "federated[0]"), (#"[]"#, "federated"),
    ])
    func badEntriesNameTheirKey(entry: String, path: String) {
        do {
            _ = try decode(#"{"name": "s", "datasets": ["wine"], "methods": ["ctgan"], "federated": "# + entry + "}")
            Issue.record("accepted \(entry)")
        } catch {
            #expect(error.path == path)
        }
    }

    /// Federated training asked of a grid whose methods cannot train federated is an error; so is applying
    /// it to such a synthesizer.
    @Test func methodsThatCannotTrainFederatedAreRefused() throws {
        #expect(throws: ExperimentSpecError.self) {
            try decode(#"{"name": "s", "datasets": ["wine"], "methods": ["gc"], "federated": {"clients": 2, "rounds": 1}}"#)
        }
        var config = RunConfig(data: .dataset("wine"), method: "gc")
        config.federated = FederatedRequest(clients: 2, rounds: 1)
        let gc = try MethodFactory.resolve(method: "gc", backend: .sdv).descriptor.make()
        #expect(throws: SynthesisError.self) { try config.applyFederation(to: gc, method: "gc") }
        let ctgan = try MethodFactory.resolve(method: "ctgan", backend: .sdv).descriptor.make()
        try config.applyFederation(to: ctgan, method: "ctgan")
        #expect((ctgan as? any FederatedTrainable)?.federation == config.federated)
    }
}
