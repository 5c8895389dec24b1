import Foundation
import JWTKit

/// Checks bearer tokens: signature with the configured key, then `exp` (and `nbf` when present) against the clock
/// and `iss` against the configured issuer. Any failure is a ``ServiceError/unauthorized(_:)`` saying which check failed.
package struct TokenVerifier: Sendable {
    private let keys: JWTKeyCollection
    package let issuer: String
    private let now: @Sendable () -> Date

    package init(key: TokenKey, issuer: String, now: @escaping @Sendable () -> Date = Date.init) async throws {
        self.keys = try await key.keyCollection()
        self.issuer = issuer
        self.now = now
    }

    /// The claims of the `Authorization: Bearer` header's token.
    package func verify(authorization header: String?) async throws(ServiceError) -> AccessClaims {
        guard let header, !header.isEmpty else { throw .unauthorized("missing bearer token (Authorization: Bearer <JWT>)") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw .unauthorized("the Authorization header is not 'Bearer <JWT>'")
        }
        return try await verify(token: String(parts[1]).trimmingCharacters(in: .whitespaces))
    }

    package func verify(token: String) async throws(ServiceError) -> AccessClaims {
        let claims: AccessClaims
        do { claims = try await keys.verify(token, as: AccessClaims.self) } catch let e as JWTError {
            switch e.errorType {
            case .signatureVerificationFailed: throw .unauthorized("token signature does not verify")
            case .malformedToken: throw .unauthorized("malformed token")
            default: throw .unauthorized("token rejected: \(e.reason ?? "\(e.errorType)")")
            }
        } catch {
            // Claims that do not decode (no `exp`, no `iss`, wrong types).
            throw .unauthorized("token claims unreadable (exp and iss are required)")
        }
        let t = now()
        guard claims.exp.value > t else {
            throw .unauthorized("token expired at \(claims.exp.value.ISO8601Format())")
        }
        if let nbf = claims.nbf, nbf.value > t {
            throw .unauthorized("token not valid before \(nbf.value.ISO8601Format())")
        }
        guard claims.iss.value == issuer else {
            throw .unauthorized("token issuer '\(claims.iss.value)' is not '\(issuer)'")
        }
        return claims
    }
}
