import ArgumentParser
import Foundation
import Service

/// `synthbench token`: prints a bearer token `synthbench serve` accepts (docs/service.md).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a JWT for `synthbench serve`: HS256 with the shared secret, or RS256 with the private key.")

    @Option(name: .customLong("jwt-secret-file"), help: "HS256: the file holding the service's shared secret.") var jwtSecretFile: String?
    @Option(name: .customLong("jwt-private-key-file"), help: "RS256: the PEM file of the RSA private key.") var jwtPrivateKeyFile: String?
    @Option(help: "The issuer ('iss'); must match the service's --issuer.") var issuer = "synthbench"
    @Option(help: "Space-separated scopes: read, submit, admin.") var scope = "read"
    @Option(help: "The subject ('sub'): who the token is for.") var subject: String?
    @Option(name: .customLong("expires-in"), parsing: .unconditional, help: "Lifetime in seconds.") var expiresIn: Double = 3600

    func validate() throws {
        if (jwtSecretFile == nil) == (jwtPrivateKeyFile == nil) {
            throw ValidationError("give exactly one of --jwt-secret-file (HS256) and --jwt-private-key-file (RS256)")
        }
        for word in scope.split(separator: " ") where Scope(rawValue: String(word)) == nil {
            throw ValidationError("--scope: unknown scope '\(word)'; allowed: \(Scope.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if Scope.parse(scope).isEmpty {
            throw ValidationError("--scope names no scope; give one or more of \(Scope.allCases.map(\.rawValue).joined(separator: ", ")), space-separated")
        }
        if !(expiresIn > 0 && expiresIn.isFinite) { throw ValidationError("--expires-in must be a positive number of seconds") }
    }

    func run() async throws {
        let key = try jwtSecretFile.map { f throws(TokenKeyError) in try TokenKey.hs256(secretFile: f) }
            ?? TokenKey.rs256(privateKeyFile: jwtPrivateKeyFile!)
        let issuer = try await TokenIssuer(key: key)
        print(try await issuer.token(subject: subject, issuer: self.issuer, scopes: Array(Scope.parse(scope)).sorted { $0.rawValue < $1.rawValue },
                                     expiresIn: expiresIn))
    }
}
