import ArgumentParser
import Exports
import Foundation

/// `synthbench decrypt FILE.enc`: opens a file `export --encrypt` sealed (docs/exports.md).
struct DecryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt a file written by `export --encrypt` (AES-256-GCM, every chunk authenticated).",
        discussion: "The key comes from --key-file or $SYNTHBENCH_ENCRYPTION_KEY (base64 of 32 bytes). A wrong key or an altered, reordered or truncated file is refused and no output is left.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The encrypted file.") var file: String
    @Option(name: .customLong("key-file"), help: "File holding the key (base64 of 32 bytes).") var keyFile: String?
    @Option(help: "Output file (default: FILE without .enc).") var out: String?

    func run() throws {
        global.apply()
        guard let key = try EncryptionKey.resolve(file: keyFile) else {
            throw ValidationError("decrypt needs a key: give --key-file F or set \(EncryptionKey.environmentVariable)")
        }
        let input = URL(fileURLWithPath: file)
        let output: URL
        if let out {
            output = URL(fileURLWithPath: out)
        } else if input.pathExtension == "enc" {
            output = input.deletingPathExtension()
        } else {
            throw ValidationError("\(file) does not end in .enc; give --out")
        }
        try EncryptedFile.decrypt(input, to: output, key: key)
        print(output.path)
    }
}
