import Foundation
@testable import Harness
import Testing

/// The version string is a semantic version (`MAJOR.MINOR.PATCH`), as recorded in every run's environment.
@Test func versionIsSemantic() {
    let parts = SynthBenchVersion.string.split(separator: ".", omittingEmptySubsequences: false)
    #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }, "\(SynthBenchVersion.string)")
}
