import Foundation

/// Writing an output failed: which path, which operation, the system's reason and what the user can do.
/// Raw Foundation or POSIX text never reaches the user without these (issue 19).
package struct OutputError: Error, Equatable, CustomStringConvertible {
    /// What was being done to `path`.
    package enum Operation: String, Sendable, Equatable {
        case createDirectory = "create directory"
        case write, sync = "flush", rename, remove, probe = "test-write", check = "check"
    }

    package var path: String
    package var operation: Operation
    /// The `errno` value, when the failure came from the system.
    package var code: Int32?
    package var reason: String
    package var hint: String

    package init(path: String, operation: Operation, code: Int32?, reason: String? = nil, hint: String? = nil) {
        self.path = path; self.operation = operation; self.code = code
        self.reason = reason ?? code.map { Self.text(of: $0) } ?? "unknown failure"
        self.hint = hint ?? Self.hint(for: code, operation)
    }

    /// `error` as an output error: itself when it is one; otherwise its `errno` recovered from a Foundation
    /// (Cocoa or POSIX domain) error, so that no raw `NSCocoaErrorDomain` text reaches the user.
    package init(wrapping error: any Error, path: String, operation: Operation) {
        if let e = error as? OutputError { self = e; return }
        let ns = error as NSError
        var code: Int32? = nil
        if ns.domain == NSPOSIXErrorDomain { code = Int32(ns.code) }
        else if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain { code = Int32(u.code) }
        else if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileWriteOutOfSpace: code = ENOSPC
            case .fileWriteVolumeReadOnly: code = EROFS
            case .fileWriteNoPermission, .fileReadNoPermission: code = EACCES
            case .fileNoSuchFile, .fileReadNoSuchFile: code = ENOENT
            case .fileWriteFileExists: code = EEXIST
            default: break
            }
        }
        let where_ = (ns.userInfo[NSFilePathErrorKey] as? String) ?? path
        self.init(path: where_, operation: operation, code: code,
                  reason: code == nil ? (ns.domain == NSCocoaErrorDomain ? "the system refused (\(ns.localizedDescription))" : "\(error)") : nil)
    }

    /// The system's reason for a Foundation file error (e.g. `No such file or directory (ENOENT)`), for
    /// messages about reading that already name the path.
    package static func systemReason(_ error: any Error) -> String {
        OutputError(wrapping: error, path: "", operation: .check).reason
    }

    /// The disk is full, over quota, read-only or failing: nothing further can be written there, so a
    /// grid stops instead of starting cells whose results would be lost.
    package var isStorageFailure: Bool {
        guard let code else { return false }
        return [ENOSPC, EIO, EDQUOT, EROFS].contains(code)
    }

    package var description: String { "cannot \(operation.rawValue) \(path): \(reason); \(hint)" }

    /// `strerror` text with the symbolic name, e.g. `No space left on device (ENOSPC)`.
    package static func text(of code: Int32) -> String {
        let names: [Int32: String] = [ENOSPC: "ENOSPC", EIO: "EIO", EDQUOT: "EDQUOT", EROFS: "EROFS", EACCES: "EACCES",
                                      EPERM: "EPERM", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", ENOENT: "ENOENT",
                                      EEXIST: "EEXIST", ENOTEMPTY: "ENOTEMPTY", ENAMETOOLONG: "ENAMETOOLONG"]
        let text = String(cString: strerror(code))
        return names[code].map { "\(text) (\($0))" } ?? text
    }

    static func hint(for code: Int32?, _ operation: Operation) -> String {
        if code == ENOENT && operation == .createDirectory { return "that file system does not allow it there; choose another output location" }
        switch code {
        case ENOSPC, EDQUOT: return "free space on that file system (or choose another output location) and run the same command again"
        case EIO: return "the storage reported an I/O error; check the disk, then run the same command again"
        case EROFS: return "the file system is read-only; choose a writable output location"
        case EACCES, EPERM: return "you cannot write there; fix its permissions or choose another output location"
        case ENOTDIR: return "a part of the path is a file, not a directory; choose another output location"
        case EISDIR: return "a directory is in the way of a file; remove it or choose another output location"
        case EEXIST: return "a file is in the way; remove it or choose another output location"
        case ENOENT: return "a folder on the path is missing"
        default: return "choose another output location or fix the path"
        }
    }
}
