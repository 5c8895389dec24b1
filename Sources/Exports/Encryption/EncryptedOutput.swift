import Foundation

/// Where an export writes when it is encrypted: the plaintext goes to a hidden temporary file next to the
/// output, is sealed into `<output>` (``EncryptedFile``), and is removed; a failure removes it too.
package struct EncryptedOutput {
    package let output: URL
    package let key: EncryptionKey?

    package init(output: URL, key: EncryptionKey?) {
        self.output = output
        self.key = key
    }

    /// Runs `write` with the path to write the plaintext to: `output` itself without a key.
    package func write(_ write: (URL) throws -> Void) throws {
        guard let key else { return try write(output) }
        let plain = URL(fileURLWithPath: output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).\(getpid()).plain").path)
        defer { try? FileManager.default.removeItem(at: plain) }
        try write(plain)
        try EncryptedFile.encrypt(plain, to: output, key: key)
    }
}
