import Foundation
import ZIPFoundation

/// How the ZIP-based exports (XLSX, run bundles) add entries: deflated, with a fixed date (1980-01-01,
/// the earliest DOS time), so the same content gives the same bytes.
enum ZipEntry {
    static let date = Date(timeIntervalSince1970: 315_532_800)

    /// Adds `data` as the entry `name`.
    static func add(_ data: Data, named name: String, to archive: Archive) throws {
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                             compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }

    /// Adds the file at `url` (`size` bytes) as the entry `name`, read in 1 MiB pieces so memory stays
    /// bounded for any size.
    static func add(file url: URL, size: Int, named name: String, to archive: Archive) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(size), modificationDate: date,
                             compressionMethod: .deflate, bufferSize: 1 << 20) { position, chunk in
            try handle.seek(toOffset: UInt64(position))
            return try handle.read(upToCount: chunk) ?? Data()
        }
    }
}
