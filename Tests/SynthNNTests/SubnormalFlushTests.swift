import Testing
@testable import SynthNN

/// ``SubnormalFlush`` sets flush-to-zero and denormals-are-zero for its body and restores the register
/// afterwards, also when the body throws. The same arithmetic outside the body (before and after) gives the
/// subnormal results: the negative control, and what the code before branch subnormal12 computed inside
/// pategan's training loop.
@Suite("Subnormal flush mode")
struct SubnormalFlushTests {
    struct Failure: Error {}

    /// `a * b` and `c * 1.5` behind a call the optimiser cannot fold.
    @inline(never)
    static func products(_ a: Float, _ b: Float, _ c: Float) -> (underflow: Float, subnormalOperand: Float) {
        (a * b, c * 1.5)
    }

    @Test func modeIsSetForTheBodyAndRestored() throws {
        #if arch(x86_64) && canImport(Glibc)
        let subnormal: Float = 1e-39
        #expect(subnormal.isSubnormal)
        #expect(!SubnormalFlush.isActive)
        let before = Self.products(1e-20, 1e-19, subnormal)
        #expect(before.underflow.isSubnormal && before.subnormalOperand.isSubnormal)
        let inside = SubnormalFlush.run { (SubnormalFlush.isActive, Self.products(1e-20, 1e-19, subnormal)) }
        #expect(inside.0)
        #expect(inside.1.underflow == 0 && inside.1.subnormalOperand == 0)
        // Normal arithmetic is unchanged inside.
        #expect(SubnormalFlush.run { Self.products(1e-10, 1e-10, 1.5) } == Self.products(1e-10, 1e-10, 1.5))
        #expect(!SubnormalFlush.isActive)
        #expect(throws: Failure.self) { try SubnormalFlush.run { throw Failure() } }
        #expect(!SubnormalFlush.isActive)
        #expect(Self.products(1e-20, 1e-19, subnormal).underflow.isSubnormal)
        #endif
    }
}
