import Evaluation
import Foundation
import SynthCore

extension CellResult {
    /// Writes the record as pretty JSON with sorted keys, atomically (temp file + rename).
    package func write(to url: URL, using writer: any FileWriter = SystemFileWriter()) throws {
        try AtomicFile.write(try SynthJSON.string(self, pretty: true) + "\n", to: url, using: writer)
    }

    /// Reads a cell file; nil when it is missing, not JSON, or not a cell record of a known schema version.
    package static func read(from url: URL) -> CellResult? {
        guard let data = try? Data(contentsOf: url),
              let result = try? SynthJSON.decoder().decode(CellResult.self, from: data),
              result.schemaVersion <= CellResult.schemaVersion else { return nil }
        return result
    }
}
