import ArgumentParser
import Foundation

/// `--quasi-identifiers a,b,c`: the columns the `anonymity` and `anonymeter` suites treat as the
/// attacker's knowledge, instead of their automatic choice (docs/metrics.md#anonymity--the-k-anonymity-family).
struct QuasiIdentifiersOption: ParsableArguments {
    /// The option's spelling, which its errors name.
    static let name = "--quasi-identifiers"

    @Option(name: .customLong("quasi-identifiers"),
            help: ArgumentHelp("Comma-separated quasi-identifier columns for the anonymity and anonymeter suites (default: chosen automatically).",
                               valueName: "a,b,c"))
    var list: String?

    func validate() throws {
        if let names = names, names.isEmpty || names.contains(where: \.isEmpty) {
            throw ValidationError("\(Self.name) needs comma-separated column names, got '\(list!)'")
        }
    }

    /// The declared names in order (nil: none declared).
    var names: [String]? {
        list.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
    }
}
