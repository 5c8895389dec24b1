import ArgumentParser
import Evaluation

/// The `--suite` values of `generate` and `evaluate`: an unknown name is a usage error listing the suites,
/// raised before any data is read.
enum SuiteNames {
    static func validate(_ names: [String]) throws {
        for s in names where !MetricSuites.ids.contains(s) {
            throw ValidationError("--suite '\(s)' is unknown; allowed: \(MetricSuites.ids.joined(separator: ", "))")
        }
    }
}
