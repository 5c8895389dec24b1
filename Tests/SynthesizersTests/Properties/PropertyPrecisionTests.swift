import Testing
@testable import SynthNN
@testable import Synthesizers

/// The property suite's precision hook (``PropertyTier/precision``): with `SYNTHBENCH_TEST_PRECISION=bf16`
/// the neural methods' fits get `precision=bf16`, and their products really run in bf16.
@Suite struct PropertyPrecisionTests {
    @Test func requestedPrecisionRuns() {
        let requested = PropertyTier.precision
        let expected: ParameterValue? = requested == "fp32" ? nil : .string(requested)
        #expect(GeneratorCase.named("ctgan", .sdv).parameters(.fast)["precision"] == expected)
        #expect(GeneratorCase.named("gc", .sdv).parameters(.fast)["precision"] == nil)
        if requested == "bf16" {
            #expect(BF16Selection.current.kernel != nil,
                    "SYNTHBENCH_TEST_PRECISION=bf16, but bf16 products run as fp32 (\(BF16Selection.current.reason)); set SYNTHBENCH_BF16_KERNEL=onednn")
        }
    }
}
