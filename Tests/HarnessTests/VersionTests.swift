import Testing
@testable import Harness
@Test func versionIsSet() { #expect(!SynthBenchVersion.string.isEmpty) }
