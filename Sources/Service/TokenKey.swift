import Foundation
import JWTKit
import SynthCore

/// The key tokens are checked (or, for `synthbench token` and tests, made) with: an HS256 shared secret, or an
/// RS256 key pair of which the service needs only the public half.
package enum TokenKey: Sendable {
    case hs256(secret: [UInt8])
    case rs256Public(pem: String)
    case rs256Private(pem: String)

    /// HS256 secrets shorter than the hash (32 bytes) are refused (RFC 7518 3.2).
    package static let minimumSecretBytes = 32

    /// Reads a secret file; one trailing newline is dropped so `echo`/`openssl rand` files work.
    package static func hs256(secretFile path: String) throws(TokenKeyError) -> TokenKey {
        var bytes = Array(try read(path))
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count >= minimumSecretBytes else {
            throw TokenKeyError(path: path, reason: "an HS256 secret needs at least \(minimumSecretBytes) bytes, the file has \(bytes.count)")
        }
        return .hs256(secret: bytes)
    }

    package static func rs256(publicKeyFile path: String) throws(TokenKeyError) -> TokenKey {
        let pem = String(decoding: try read(path), as: UTF8.self)
        do { _ = try Insecure.RSA.PublicKey(pem: pem) } catch {
            throw TokenKeyError(path: path, reason: "not an RSA public key PEM of 2048 bits or more (\(error))")
        }
        return .rs256Public(pem: pem)
    }

    package static func rs256(privateKeyFile path: String) throws(TokenKeyError) -> TokenKey {
        let pem = String(decoding: try read(path), as: UTF8.self)
        do { _ = try Insecure.RSA.PrivateKey(pem: pem) } catch {
            throw TokenKeyError(path: path, reason: "not an RSA private key PEM of 2048 bits or more (\(error))")
        }
        return .rs256Private(pem: pem)
    }

    /// A collection holding only this key, so a token is checked with this key's algorithm whatever its header
    /// says (no `alg` confusion: an HS256 token made with the RS256 public key as secret fails).
    package func keyCollection() async throws -> JWTKeyCollection {
        let keys = JWTKeyCollection()
        switch self {
        case .hs256(let secret): await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        case .rs256Public(let pem): await keys.add(rsa: try Insecure.RSA.PublicKey(pem: pem), digestAlgorithm: .sha256)
        case .rs256Private(let pem): await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: pem), digestAlgorithm: .sha256)
        }
        return keys
    }

    private static func read(_ path: String) throws(TokenKeyError) -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TokenKeyError(path: path, reason: "cannot read the file: \(OutputError.systemReason(error))")
        }
    }
}

/// A key file that cannot be used, naming the file.
package struct TokenKeyError: Error, Equatable, CustomStringConvertible {
    package var path: String
    package var reason: String
    package init(path: String, reason: String) { self.path = path; self.reason = reason }
    package var description: String { "\(path): \(reason)" }
}
