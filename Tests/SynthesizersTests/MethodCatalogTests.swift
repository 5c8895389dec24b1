import Testing
import SynthMath
import SynthTable
@testable import Synthesizers

@Suite struct MethodCatalogTests {
    @Test func backendsListTheirMethods() {
        #expect(MethodCatalog.sdv.map(\.name) == ["gc", "ctgan", "tvae", "uniform", "column", "identity"])
        #expect(MethodCatalog.synthcity.map(\.name) == ["ctgan", "tvae", "marginal_distributions", "uniform_sampler", "dummy_sampler",
                                                      "ddpm", "dpgan", "dp-ctgan", "pategan", "adsgan"])
        for d in MethodCatalog.all {
            #expect(!d.summary.isEmpty)
            #expect(d.differentiallyPrivate == ["dpgan", "dp-ctgan", "pategan"].contains(d.name), "\(d.name)")
            #expect((try? d.make()) != nil, "\(d.name) does not build with its defaults")
        }
    }

    /// SDV's GaussianCopulaSynthesizer defaults under SDV's parameter names.
    @Test func gaussianCopulaParameters() throws {
        let gc = try #require(MethodCatalog.descriptor("gc", backend: .sdv))
        let defaults = Dictionary(uniqueKeysWithValues: gc.parameters.map { ($0.name, $0.defaultValue) })
        #expect(defaults == ["default_distribution": .string("beta"), "numerical_distributions": .string(""),
                             "enforce_min_max_values": .bool(true), "enforce_rounding": .bool(true),
                             "coordinates": .string("places")])
        let given = try gc.parseAssignments(["default_distribution=gamma", "enforce_rounding=false",
                                             "numerical_distributions=age:norm", "coordinates=independent"])
        let built = try #require(try gc.make(given) as? GaussianCopulaSynthesizer)
        #expect(built.configuration == .init(defaultDistribution: .gamma, numericalDistributions: "age:norm",
                                             enforceMinMaxValues: true, enforceRounding: false,
                                             coordinates: .independent))
        #expect(throws: SynthesisError.self) { try gc.parseAssignments(["coordinates=nearby"]) }
        #expect(throws: SynthesisError.self) { try gc.parseAssignments(["default_distribution=lognormal"]) }
        #expect(throws: SynthesisError.self) { try gc.parseAssignments(["enforce_rounding=maybe"]) }
        #expect(throws: SynthesisError.self) { try gc.parseAssignments(["epochs=3"]) }
    }

    @Test func synthCityPluginParameters() throws {
        for name in ["marginal_distributions", "uniform_sampler", "dummy_sampler"] {
            let d = try #require(MethodCatalog.descriptor(name, backend: .synthcity))
            #expect(d.parameters.map(\.name) == ["sampling_patience", "strict"])
            #expect(d.parameters.map(\.defaultValue) == [.int(500), .bool(true)])
        }
        let d = try #require(MethodCatalog.descriptor("dummy_sampler", backend: .synthcity))
        let s = try #require(try d.make(try d.parseAssignments(["sampling_patience=7", "strict=false"])) as? RowResamplingSynthesizer)
        #expect(s.samplingPatience == 7 && !s.strict)
    }

    /// SynthCity has no Gaussian copula: `gc` on synthcity resolves to sdv, with the reason recorded.
    @Test func gaussianCopulaFallsBackFromSynthCity() throws {
        let r = try MethodFactory.resolve(method: "GaussianCopula", backend: .synthcity)
        #expect(r.descriptor.name == "gc" && r.backendUsed == .sdv && r.backendRequested == .synthcity)
        #expect(r.fallbackReason?.contains("synthcity has no 'gc'") == true)
        let direct = try MethodFactory.resolve(method: "gc", backend: .sdv)
        #expect(direct.fallbackReason == nil)
        #expect(try MethodFactory.resolve(method: "marginal", backend: .synthcity).descriptor.name == "marginal_distributions")
        #expect(try MethodFactory.resolve(method: "data_identity", backend: .sdv).descriptor.name == "identity")
        // A SynthCity debug plugin asked for on sdv runs SDGym's counterpart (see BackendCounterpartTests).
        #expect(try MethodFactory.resolve(method: "dummy_sampler", backend: .sdv).descriptor.name == "identity")
    }
}
