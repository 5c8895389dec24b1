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
