import Testing
import SynthTestSupport

/// The shared tolerance helpers on cases worked by hand, each with the nearest case that must fail.
@Suite struct ToleranceTests {
    @Test func relativeAndAbsoluteBounds() {
        #expect(isClose(1.0, 1 + 1e-13, rel: 1e-12))
        #expect(!isClose(1.0, 1 + 1e-11, rel: 1e-12))
        #expect(isClose(0.0, 1e-15, rel: 1e-12, abs: 1e-14))  // relative to 0 fails, the absolute floor holds
        #expect(!isClose(0.0, 1e-13, rel: 1e-12, abs: 1e-14))
        #expect(isClose(Float(2), Float(2.1), rel: 0.05) && !isClose(Float(2), Float(2.2), rel: 0.04))
        #expect(isClose(Double.infinity, .infinity) && !isClose(Double.infinity, 1e308))
        #expect(isClose(Double.nan, .nan) && !isClose(Double.nan, 0, rel: 1, abs: 1))
    }

    @Test func optionalsAndArrays() {
        #expect(isClose(nil as Double?, nil) && !isClose(nil, 1.0 as Double?, abs: 1))
        #expect(isClose(0.5 as Double?, 0.5 + 1e-13, abs: 1e-12))
        #expect(isClose([1.0, 2.0], [1.0, 2 + 1e-13], rel: 1e-12))
        #expect(!isClose([1.0, 2.0], [1.0, 2.1], rel: 1e-12) && !isClose([1.0], [1.0, 2.0], rel: 1))
    }

    @Test func expectCloseRecordsOnlyBeyondItsTolerance() {
        // Errors of 1e-4: relative for 1 and 100, absolute for 1e-4 against 0 (below the floor 1).
        expectClose([1, 100, 1e-4], [1.0001, 100.01, 0], relative: 2e-4)
        withKnownIssue { expectClose([1e-4], [0], relative: 2e-4, floor: 1e-3) }
        withKnownIssue { expectClose([1, 2], [1, 2.1], relative: 0.01) }
        withKnownIssue { expectClose([1, 2], [1, 2, 3], relative: 1) }
        expectClose([1e6], [1e6 + 50], relative: 1e-4)
        withKnownIssue { expectClose([1e6], [1e6 + 50], relative: 1e-5) }
        expectClose([3, 4], [3.001, 4.001], normRelative: 1e-3)
        withKnownIssue { expectClose([3, 4], [3.1, 4.1], normRelative: 1e-3) }
    }
}
