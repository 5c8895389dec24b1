import Foundation
import SynthCore
import SynthTable
import ZIPFoundation

/// A ZIP of a run directory (a `generate` output or a grid run): every file under it (synthetic data,
/// report.json, run.json, results, cells, logs, plots, report.html when the report command made one), each
/// under `<directory name>/`, plus `<directory name>/manifest.json` listing each file's path, size and
/// SHA-256 and `<directory name>/SHA256SUMS` in `sha256sum -c` form. Hidden files (the temporary files of a
/// writer at work) are left out. Entries carry a fixed date, so the same directory gives the same bytes.
package enum RunBundle {
    package struct Manifest: Codable, Equatable, Sendable {
        package struct File: Codable, Equatable, Sendable {
            package var path: String
            package var bytes: Int
            package var sha256: String
        }
        package var createdBy: String
        package var source: String
        package var files: [File]

        enum CodingKeys: String, CodingKey {
            case createdBy = "created_by", source, files
        }
    }

    /// Zips `directory` into `archive` (which must not be inside it); returns the manifest written.
    @discardableResult
    package static func write(_ directory: URL, to archive: URL, createdBy: String) throws(ExportError) -> Manifest {
        let root = directory.standardizedFileURL
        let prefix = root.lastPathComponent
        let files = try listFiles(root)
        var manifest = Manifest(createdBy: createdBy, source: prefix, files: [])
        try checkFolder(of: archive)
        let temporary = StreamingFile.temporaryPath(for: archive.path)
        unlink(temporary)
        do {
            let zip = try Archive(url: URL(fileURLWithPath: temporary), accessMode: .create)
            for relative in files {
                let url = root.appendingPathComponent(relative)
                guard let size = StreamingFile.size(of: url.path) else { throw ExportError.system(url.path, "cannot read") }
                manifest.files.append(.init(path: relative, bytes: size, sha256: try Checksum.sha256Hex(ofFileAt: url)))
                try ZipEntry.add(file: url, size: size, named: "\(prefix)/\(relative)", to: zip)
            }
            let json = try SynthJSON.string(manifest, pretty: true) + "\n"
            try ZipEntry.add(Data(json.utf8), named: "\(prefix)/manifest.json", to: zip)
            let sums = manifest.files.map { "\($0.sha256)  \($0.path)\n" }.joined()
            try ZipEntry.add(Data(sums.utf8), named: "\(prefix)/SHA256SUMS", to: zip)
        } catch let error as ExportError {
            unlink(temporary)
            throw error
        } catch {
            unlink(temporary)
            throw ExportError(path: archive.path, "cannot write the bundle: \(error)")
        }
        try StreamingFile.publish(temporary, to: archive.path, failure: "cannot move the finished bundle into place")
        return manifest
    }

    /// The bundle's folder must exist and be a directory. Checked first: ZIPFoundation's error for it (Foundation's,
    /// on Linux) names the hidden temporary file and no reason ('NSCocoaErrorDomain Code=512 "(null)"').
    static func checkFolder(of archive: URL) throws(ExportError) {
        var info = stat()
        guard stat(archive.deletingLastPathComponent().path, &info) == 0 else { throw ExportError.system(archive.path, "cannot write the bundle") }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw ExportError(path: archive.path, "cannot write the bundle: \(String(cString: strerror(ENOTDIR)))")
        }
    }

    /// Regular files under `root`, relative paths sorted, hidden ones (any component starting with ".")
    /// left out.
    static func listFiles(_ root: URL) throws(ExportError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ExportError(path: root.path, "not a directory")
        }
        guard let walker = FileManager.default.enumerator(atPath: root.path) else {
            throw ExportError(path: root.path, "cannot list the directory")
        }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var directory: ObjCBool = false
            let full = root.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &directory), !directory.boolValue {
                out.append(relative)
            }
        }
        return out.sorted()
    }
}
