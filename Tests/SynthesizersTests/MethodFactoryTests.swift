import Testing
@testable import Synthesizers

@Suite struct MethodFactoryTests {
    @Test func unknownMethodListsWhatExists() {
        #expect(throws: SynthesisError.self) { try MethodFactory.resolve(method: "no-such-method", backend: .sdv) }
    }
    @Test func aliasesResolveToCanonicalNames() {
        #expect(MethodFactory.canonicalName("GaussianCopula") == "gc")
        #expect(MethodFactory.canonicalName("tabddpm") == "ddpm")
        #expect(MethodFactory.canonicalName("ctgan_dp") == "dp-ctgan")
        #expect(MethodFactory.canonicalName("dpctgan") == "dp-ctgan")
    }
    @Test func parameterParsingValidates() throws {
        let p = MethodParameter("epochs", .int(1...100_000), default: .int(300), help: "")
        #expect(try p.parse("10", method: "m") == .int(10))
        #expect(throws: SynthesisError.self) { try p.parse("0", method: "m") }
        #expect(throws: SynthesisError.self) { try p.parse("ten", method: "m") }
        let dims = MethodParameter("generator_dim", .ints, default: .ints([256, 256]), help: "")
        #expect(try dims.parse("128,64", method: "m") == .ints([128, 64]))
        #expect(throws: SynthesisError.self) { try dims.parse("128,-1", method: "m") }
    }
}

@Suite struct BackendCounterpartTests {
    @Test func baselinesResolveToEachBackendsOwnVersion() throws {
        for (asked, sdv, synthcity) in [("uniform", "uniform", "uniform_sampler"), ("column", "column", "marginal_distributions"),
                                        ("identity", "identity", "dummy_sampler"), ("dummy_sampler", "identity", "dummy_sampler")] {
            let a = try MethodFactory.resolve(method: asked, backend: .sdv)
            let b = try MethodFactory.resolve(method: asked, backend: .synthcity)
            #expect(a.descriptor.name == sdv && a.fallbackReason == nil)
            #expect(b.descriptor.name == synthcity && b.fallbackReason == nil)
        }
    }

    @Test func copulaFallsBackFromSynthCity() throws {
        let r = try MethodFactory.resolve(method: "gaussian_copula", backend: .synthcity)
        #expect(r.descriptor.name == "gc" && r.backendUsed == .sdv && r.fallbackReason != nil)
        #expect(!r.dpEffective)
    }
}
