import ArgumentParser
import SynthTable

/// How the real (and, for `evaluate`, the synthetic) CSV is read: repeated header names and rows whose
/// field count differs from the header's (docs/csv.md).
struct CSVReadOptions: ParsableArguments {
    @Flag(name: .customLong("strict-header"),
          help: "Refuse a header with a repeated column name (default: rename it as pandas does, name.1, with a warning).")
    var strictHeader = false

    @Option(name: .customLong("on-bad-lines"),
            help: "A row whose field count differs from the header's: error (stop, the default), warn (drop and warn) or skip (drop; recorded in run.json).")
    var onBadLines: String = CSVOptions.BadLinePolicy.error.rawValue

    func validate() throws {
        guard CSVOptions.BadLinePolicy(rawValue: onBadLines) != nil else {
            throw ValidationError("--on-bad-lines must be one of \(CSVOptions.BadLinePolicy.allCases.map(\.rawValue).joined(separator: ", ")), got '\(onBadLines)'")
        }
    }

    var policy: CSVReadPolicy {
        CSVReadPolicy(strictHeader: strictHeader, onBadLines: CSVOptions.BadLinePolicy(rawValue: onBadLines) ?? .error)
    }

    /// Whether the user set either option.
    var isSet: Bool { policy != CSVReadPolicy() }
}
