import Foundation

/// An export that could not be written or read, naming the file and why.
package struct ExportError: Error, Equatable, CustomStringConvertible {
    package var path: String
    package var reason: String

    package init(path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The error of the last failed system call on `path`.
    static func system(_ path: String, _ operation: String) -> ExportError {
        ExportError(path: path, "\(operation): \(String(cString: strerror(errno)))")
    }

    package var description: String { "\(path): \(reason)" }
}
