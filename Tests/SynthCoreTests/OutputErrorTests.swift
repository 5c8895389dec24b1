import Foundation
import Testing
@testable import SynthCore

/// Foundation's own file errors, raised for real, come out as `errno` names with a hint, never as raw Cocoa text.
@Suite struct OutputErrorTests {
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("output-error-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aFileInTheWayOfADirectoryIsEEXIST() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("results")
        try Data("x".utf8).write(to: file)
        do {
            try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
            Issue.record("creating a directory over a file went through")
        } catch {
            let wrapped = OutputError(wrapping: error, path: file.path, operation: .createDirectory)
            #expect(wrapped.code == EEXIST, "\(error)")
            #expect(wrapped.description.contains("(EEXIST)") && wrapped.description.contains("a file is in the way"), "\(wrapped)")
            #expect(!wrapped.description.contains("NSCocoaErrorDomain"))
        }
    }

    @Test func aMissingFolderIsENOENT() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("absent/run.json")
        do {
            try Data("x".utf8).write(to: file)
            Issue.record("writing into a missing folder went through")
        } catch {
            let wrapped = OutputError(wrapping: error, path: file.path, operation: .write)
            #expect(wrapped.code == ENOENT, "\(error)")
            #expect(wrapped.description.contains("(ENOENT)") && wrapped.description.contains("a folder on the path is missing"), "\(wrapped)")
        }
    }
}
