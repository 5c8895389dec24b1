import Foundation
import JWTKit

/// Makes tokens the service accepts (`synthbench token`, and the tests): HS256 with the shared secret, or RS256
/// with the private key whose public half the service holds.
package struct TokenIssuer: Sendable {
    private let keys: JWTKeyCollection

    package init(key: TokenKey) async throws {
        if case .rs256Public = key { throw TokenKeyError(path: "", reason: "an RS256 token is signed with the private key, not the public one") }
        keys = try await key.keyCollection()
    }

    package func token(_ claims: AccessClaims) async throws -> String {
        try await keys.sign(claims)
    }

    package func token(subject: String?, issuer: String, scopes: [Scope], expiresIn seconds: TimeInterval,
                       now: Date = Date()) async throws -> String {
        try await token(AccessClaims(subject: subject, issuer: issuer, scopes: scopes, expires: now.addingTimeInterval(seconds)))
    }
}
