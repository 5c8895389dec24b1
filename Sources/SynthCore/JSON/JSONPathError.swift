/// A JSON file that cannot be used: `path` is the JSON path of the offending value (`methods[2]`,
/// `params.gc.epochs`, `overrides[0].thresholds`; empty for the whole file), `message` says what is wrong
/// and what is allowed.
public struct JSONPathError: Error, Equatable, CustomStringConvertible {
    /// The file (or `<input>`), for the message.
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
