import ArgumentParser
import Evaluation
import Foundation
import Harness

/// `--quasi-identifiers a,b,c`: the columns the `anonymity` and `anonymeter` suites treat as the
/// attacker's knowledge, instead of their automatic choice, each optionally with the generalisation the exact
/// k-anonymity family applies (`age:interval=10`; docs/metrics.md#anonymity--the-k-anonymity-family).
struct QuasiIdentifiersOption: ParsableArguments {
    /// The option's spelling, which its errors name.
    static let name = "--quasi-identifiers"

    @Option(name: .customLong("quasi-identifiers"),
            help: ArgumentHelp("Comma-separated quasi-identifier columns for the anonymity and anonymeter suites (default: chosen automatically). A column may carry a generalisation for the exact k-anonymity family: age:interval=10 (or interval=10@5: bands from 5), hours-per-week:cuts=20|40|60, zip:prefix=3, native-country:hierarchy=FILE@LEVEL (ARX's value;level1;... file), date:truncate=year|month|day.",
                               valueName: "a,b:rule,c"))
    var list: String?

    func validate() throws {
        if let names = names, names.isEmpty || names.contains(where: \.isEmpty) {
            throw ValidationError("\(Self.name) needs comma-separated column names, got '\(list!)'")
        }
    }

    /// `body`'s rejection of a declared name (no such column, not a compared one, the target, named twice, a bad
    /// generalisation or a value its hierarchy file lacks) as a usage
    /// error of the command (exit 64) with the same message, as a bad value of any other option is: it is found once
    /// the metadata is read (`generate`: in the pipeline's load phase, before fitting). Other errors unchanged.
    static func usageErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            let cause = (error as? PipelineError)?.underlying ?? error
            if let rejected = cause as? EvaluationError, case .invalidOption(let option, _, _) = rejected, option == name {
                throw ValidationError(rejected.description)
            }
            throw error
        }
    }

    /// The declared names in order (nil: none declared).
    var names: [String]? {
        list.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
    }
}
