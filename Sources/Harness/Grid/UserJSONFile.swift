import Foundation
import SynthCore

/// A JSON file a user names on the command line (a grid spec, a threshold or tolerance file), read through
/// ``JSONPathReader``. A directory given instead is said as such: Foundation's read of a directory fails
/// with a bare "NSCocoaErrorDomain error 256" and no errno to explain it.
package enum UserJSONFile {
    /// `JSONPathReader.load(contentsOf:describeReadFailure:)`, after refusing a directory at `url`; `expected`
    /// says what to give instead ("the grid spec's JSON file").
    package static func load(_ url: URL, expected: String, describeReadFailure: (any Error) -> String)
        throws(JSONPathError) -> (reader: JSONPathReader, root: JSONValue) {
        try refuseDirectory(url, expected: expected)
        return try JSONPathReader.load(contentsOf: url, describeReadFailure: describeReadFailure)
    }

    /// Throws `<path>: is a directory; give <expected>` when `url` is a directory.
    package static func refuseDirectory(_ url: URL, expected: String) throws(JSONPathError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw JSONPathReader(source: url.path).fail("", "is a directory; give \(expected)")
        }
    }
}
