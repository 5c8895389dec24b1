import ArgumentParser
import Exports

/// `--encrypt` / `--encrypt-key-file F`: seal the output with AES-256-GCM (docs/exports.md).
struct EncryptionOptions: ParsableArguments {
    @Flag(help: "Encrypt the output with the key in $SYNTHBENCH_ENCRYPTION_KEY (base64 of 32 bytes).")
    var encrypt = false
    @Option(name: .customLong("encrypt-key-file"), help: "Encrypt the output with the key in this file (base64 of 32 bytes).")
    var keyFile: String?

    /// The key, or nil when the output stays plain.
    func key() throws -> EncryptionKey? {
        guard encrypt || keyFile != nil else { return nil }
        guard let key = try EncryptionKey.resolve(file: keyFile) else {
            throw ValidationError("--encrypt needs a key: set \(EncryptionKey.environmentVariable) or give --encrypt-key-file F")
        }
        return key
    }
}
