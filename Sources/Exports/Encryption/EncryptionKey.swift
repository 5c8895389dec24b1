import Crypto
import Foundation

/// A 256-bit AES key given as base64 text: in a key file (`--encrypt-key-file F`, surrounding whitespace
/// ignored) or in the environment variable `SYNTHBENCH_ENCRYPTION_KEY`. `openssl rand -base64 32` makes one.
package struct EncryptionKey: Sendable {
    package static let environmentVariable = "SYNTHBENCH_ENCRYPTION_KEY"
    let key: SymmetricKey

    /// Decodes base64 text of exactly 32 bytes; `source` names where it came from in the error.
    package init(base64 text: String, source: String) throws(ExportError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed) else {
            throw ExportError(path: source, "the encryption key is not base64 text")
        }
        guard bytes.count == 32 else {
            throw ExportError(path: source, "the encryption key has \(bytes.count) bytes, AES-256-GCM needs 32 (base64 of 32 random bytes: `openssl rand -base64 32`)")
        }
        key = SymmetricKey(data: bytes)
    }

    /// The key from `file` if given, else from the environment; nil when neither is set.
    package static func resolve(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ExportError) -> EncryptionKey? {
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ExportError(path: file, "cannot read the key file")
            }
            return try EncryptionKey(base64: text, source: file)
        }
        if let text = environment[environmentVariable], !text.isEmpty {
            return try EncryptionKey(base64: text, source: "$\(environmentVariable)")
        }
        return nil
    }
}
