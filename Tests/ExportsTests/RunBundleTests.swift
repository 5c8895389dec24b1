import Foundation
import SynthCore
import SynthTable
import Testing
import ZIPFoundation
@testable import Exports

@Suite struct RunBundleTests {
    /// Every visible file is in the zip under the directory's name with its bytes; the manifest's checksums
    /// are those of the extracted bytes (hashed here by swift-crypto through Checksum, checked against a
    /// NIST vector in SynthTableTests); hidden files stay out; two bundles of the same directory are equal.
    @Test func bundleHoldsEveryFileWithChecksums() throws {
        let root = try ExportFixtures.directory("bundle")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("run-1")
        try FileManager.default.createDirectory(at: run.appendingPathComponent("plots"), withIntermediateDirectories: true)
        let files = ["synthetic.csv": "a,b\n1,2\n", "report.json": "{}\n", "plots/fig.svg": "<svg/>", "report.html": "<html/>",
                     ".synthetic.csv.123.tmp": "partial"]
        for (name, text) in files { try Data(text.utf8).write(to: run.appendingPathComponent(name)) }
        let zip = root.appendingPathComponent("run-1.zip")
        let manifest = try RunBundle.write(run, to: zip, createdBy: "test")
        #expect(manifest.files.map(\.path) == ["plots/fig.svg", "report.html", "report.json", "synthetic.csv"])
        let archive = try Archive(url: zip, accessMode: .read)
        for file in manifest.files {
            let entry = try #require(archive["run-1/\(file.path)"])
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            #expect(String(decoding: data, as: UTF8.self) == files[file.path])
            #expect(Checksum.sha256Hex(of: data) == file.sha256 && data.count == file.bytes)
        }
        #expect(archive["run-1/.synthetic.csv.123.tmp"] == nil)
        var sums = Data()
        _ = try archive.extract(try #require(archive["run-1/SHA256SUMS"])) { sums.append($0) }
        #expect(String(decoding: sums, as: UTF8.self).contains("\(Checksum.sha256Hex(of: Data("{}\n".utf8)))  report.json\n"))
        let again = root.appendingPathComponent("again.zip")
        try RunBundle.write(run, to: again, createdBy: "test")
        #expect(try Data(contentsOf: zip) == Data(contentsOf: again))
    }

    @Test func missingDirectoryFails() throws {
        let root = try ExportFixtures.directory("bundle-missing")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: ExportError.self) {
            try RunBundle.write(root.appendingPathComponent("nope"), to: root.appendingPathComponent("x.zip"), createdBy: "t")
        }
        #expect(ExportFixtures.allFiles(root).isEmpty)
    }

    /// A bundle under a file, or beside it, or in a folder that is missing, says so with the system's reason,
    /// naming the bundle (it printed Foundation's 'NSCocoaErrorDomain Code=512 ... NSURL=file:///.../.x.zip.PID.tmp').
    /// Control: the same directory bundles into a folder that exists.
    @Test func anOutputUnderAFileIsNamedWithTheSystemsReason() throws {
        let root = try ExportFixtures.directory("bundle-under-file")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try Data("a,b\n1,2\n".utf8).write(to: run.appendingPathComponent("synthetic.csv"))
        let file = root.appendingPathComponent("afile")
        try Data("x".utf8).write(to: file)
        let underFile = file.appendingPathComponent("sub/x.zip")
        #expect(throws: ExportError(path: underFile.path, "cannot write the bundle: Not a directory")) {
            try RunBundle.write(run, to: underFile, createdBy: "t")
        }
        let besideFile = file.appendingPathComponent("x.zip")
        #expect(throws: ExportError(path: besideFile.path, "cannot write the bundle: Not a directory")) {
            try RunBundle.write(run, to: besideFile, createdBy: "t")
        }
        let missing = root.appendingPathComponent("nodir/x.zip")
        #expect(throws: ExportError(path: missing.path, "cannot write the bundle: No such file or directory")) {
            try RunBundle.write(run, to: missing, createdBy: "t")
        }
        let fine = root.appendingPathComponent("x.zip")
        try RunBundle.write(run, to: fine, createdBy: "t")
        #expect(FileManager.default.fileExists(atPath: fine.path))
    }
}
