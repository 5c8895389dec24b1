import Testing
@testable import SynthNN
@Test func placeholder() {}
