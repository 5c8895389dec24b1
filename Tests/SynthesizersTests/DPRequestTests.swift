import Testing
@testable import Synthesizers

@Suite("DP requests")
struct DPRequestTests {
    @Test func parsesTheProductionForm() throws {
        #expect(try DPRequest.parse("epsilon=1,delta=1e-5") == DPRequest(epsilon: 1, delta: 1e-5))
        #expect(try DPRequest.parse("epsilon=0.1") == DPRequest(epsilon: 0.1))
        #expect(try DPRequest.parse("epsilon=2, public_preprocessing=true")
                == DPRequest(epsilon: 2, publicPreprocessing: true))
    }

    @Test(arguments: ["", "delta=1e-5", "epsilon=0", "epsilon=-1", "epsilon=x", "epsilon=1,delta=1",
                      "epsilon=1,delta=0", "epsilon=1,sigma=3", "epsilon"])
    func rejectsBadRequests(text: String) {
        #expect(throws: SynthesisError.self) { try DPRequest.parse(text) }
    }

    /// A DP request goes to SynthCity, recording the routing when sdv was asked.
    @Test(arguments: ["dpgan", "dp-ctgan", "dpctgan", "pategan"])
    func routesToSynthCity(method: String) throws {
        let fromSDV = try MethodFactory.resolve(method: method, backend: .sdv, dpRequested: true)
        #expect(fromSDV.backendUsed == .synthcity)
        #expect(fromSDV.fallbackReason?.contains("DP requested") == true)
        #expect(fromSDV.dpRequested)
        let direct = try MethodFactory.resolve(method: method, backend: .synthcity, dpRequested: true)
        #expect(direct.fallbackReason == nil)
    }

    /// A non-DP method asked for DP is an error, never a silent non-private run.
    @Test(arguments: ["ctgan", "gc", "tvae", "adsgan", "uniform"])
    func nonPrivateMethodsAreRefused(method: String) {
        for backend in Backend.allCases {
            let error = #expect(throws: SynthesisError.self) {
                try MethodFactory.resolve(method: method, backend: backend, dpRequested: true)
            }
            guard case .notDifferentiallyPrivate? = error else { Issue.record("unexpected \(String(describing: error))"); continue }
        }
    }

    /// Without a request, DP methods resolve as usual (on their own backend, by fallback from sdv).
    @Test func dpMethodsWithoutARequest() throws {
        let r = try MethodFactory.resolve(method: "pategan", backend: .sdv)
        #expect(r.backendUsed == .synthcity && !r.dpRequested && r.dpEffective)
    }
}
