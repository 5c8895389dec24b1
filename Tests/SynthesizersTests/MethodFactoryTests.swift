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
        #expect(MethodFactory.canonicalName("no-such-method") == nil)
    }

    /// A method's own name wins over another method's alias: SDGym's `uniform` lists `uniform_sampler` as
    /// its counterpart, yet `uniform_sampler` names SynthCity's method (so a grid may list both).
    @Test func ownNamesWinOverCounterpartAliases() {
        for name in ["uniform", "uniform_sampler", "column", "marginal_distributions", "identity", "dummy_sampler"] {
            #expect(MethodCatalog.canonicalName(name) == name)
            #expect(MethodCatalog.canonicalName(name.uppercased().replacingOccurrences(of: "_", with: "-")) == name)
        }
        #expect(MethodCatalog.canonicalName("marginal") == "marginal_distributions")
        #expect(MethodCatalog.canonicalName("independent") == "column")
    }

    /// The production pipeline's aliases (its SYNTHCITY_METHOD_MAP), which `synthbench methods` lists: the
    /// names that stand for a method and are not themselves a method's name.
    @Test func productionAliasesComeFromTheCatalog() {
        let expected: [String: [String]] = [
            "gc": ["gaussian_copula", "gaussiancopula", "copula"], "ctgan": [], "tvae": [], "ddpm": ["tabddpm", "diffusion"],
            "dp-ctgan": ["dpctgan", "ctgan_dp"], "pategan": ["pate-gan", "pate_gan"], "dpgan": ["dp-gan", "dp_gan"],
            "adsgan": ["ads-gan", "ads_gan"], "uniform": [], "column": ["independent"], "identity": ["data_identity"],
            "marginal_distributions": ["marginal"], "uniform_sampler": [], "dummy_sampler": [],
        ]
        // Other suites may register test-only methods in the same process; the built-in names are these.
        let builtIn = MethodCatalog.names.filter { n in !MethodCatalog.registered.contains { $0.name == n } }
        #expect(builtIn == expected.keys.sorted())
        for (name, aliases) in expected { #expect(MethodCatalog.aliases(of: name) == aliases, "\(name)") }
        for (name, aliases) in expected { for a in aliases { #expect(MethodCatalog.canonicalName(a) == name, "\(a)") } }
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
