import Foundation
import Testing
@testable import Harness
import Synthesizers

/// A grid's `dp`: DP methods run once per request, other methods once without; bad entries name their key.
@Suite struct ExperimentSpecDPTests {
    func decode(_ json: String) throws(ExperimentSpecError) -> ExperimentSpec {
        try ExperimentSpec.decode(Data(json.utf8), source: "spec.json", availableDatasets: ["wine"])
    }

    @Test func dpMethodsSweepTheRequests() throws {
        let spec = try decode(#"""
        {"name": "s", "datasets": ["wine"], "methods": ["dpgan", "ctgan"], "backends": ["synthcity"],
         "dp": [null, {"epsilon": 0.1}, {"epsilon": 1, "delta": 1e-5, "public_preprocessing": true}]}
        """#)
        #expect(spec.cells.map(\.id) == [
            "wine__dpgan__synthcity__s0", "wine__dpgan__synthcity__s0__dp-e0.1",
            "wine__dpgan__synthcity__s0__dp-e1.0-d1e-05-public", "wine__ctgan__synthcity__s0",
        ])
        let config = spec.runConfig(for: spec.cells[2], fetchIfMissing: false, datasetsDirectory: nil)
        #expect(config.dp == DPRequest(epsilon: 1, delta: 1e-5, publicPreprocessing: true) && config.dpRequested)
        #expect(try config.parametersWithDP() == ["epsilon": .double(1), "delta": .double(1e-5)])
        // Specs without dp keep their hash; with dp it changes.
        let plain = try decode(#"{"name": "s", "datasets": ["wine"], "methods": ["dpgan", "ctgan"], "backends": ["synthcity"]}"#)
        #expect(plain.dp == [nil])
        #expect(plain.contentHash != spec.contentHash)
        let again = try ExperimentSpec.decode(Data(try spec.normalizedText().utf8), availableDatasets: ["wine"])
        #expect(again == spec)
    }

    @Test(arguments: [
        (#"{"epsilon": 0}"#, "dp.epsilon"), (#"[{"epsilon": 1, "sigma": 2}]"#, "dp[0].sigma"),
        (#"[{"epsilon": 1, "delta": 2}]"#, "dp[0].delta"), (#"[]"#, "dp"),
    ])
    func badRequestsNameTheirKey(entry: String, path: String) {
        do {
            _ = try decode(#"{"name": "s", "datasets": ["wine"], "methods": ["dpgan"], "dp": "# + entry + "}")
            Issue.record("accepted \(entry)")
        } catch {
            #expect(error.path == path)
        }
    }

    /// DP asked of a grid with no DP method is an error, not a silent non-private run.
    @Test func noDPMethodIsAnError() {
        #expect(throws: ExperimentSpecError.self) {
            try decode(#"{"name": "s", "datasets": ["wine"], "methods": ["ctgan"], "dp": {"epsilon": 1}}"#)
        }
    }
}

