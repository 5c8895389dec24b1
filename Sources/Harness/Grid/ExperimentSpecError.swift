/// A grid spec that cannot be used: `path` is the JSON path of the offending key (`methods[2]`,
/// `params.gc.epochs`, `rows`), `message` says what is wrong and what is allowed.
public struct ExperimentSpecError: Error, Equatable, CustomStringConvertible {
    /// The spec file (or `<input>`), for the message.
    public var source: String
    public var path: String
    public var message: String

    public init(source: String, path: String, message: String) {
        self.source = source; self.path = path; self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(source): \(message)" : "\(source): \(path): \(message)"
    }
}
