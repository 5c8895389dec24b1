import Foundation
import JWTKit

/// The claims the service reads from a bearer token: `exp` and `iss` (both required), `nbf` (optional), `sub` and
/// `scope` (space-separated ``Scope`` words; a token without it may do nothing but is still authenticated).
package struct AccessClaims: JWTPayload, Equatable {
    package var exp: ExpirationClaim
    package var iss: IssuerClaim
    package var nbf: NotBeforeClaim?
    package var sub: SubjectClaim?
    package var scope: String?

    package init(subject: String?, issuer: String, scopes: [Scope], expires: Date, notBefore: Date? = nil) {
        exp = ExpirationClaim(value: expires); iss = IssuerClaim(value: issuer)
        nbf = notBefore.map { NotBeforeClaim(value: $0) }
        sub = subject.map { SubjectClaim(value: $0) }
        scope = scopes.map(\.rawValue).joined(separator: " ")
    }

    package var scopes: Set<Scope> { Scope.parse(scope ?? "") }

    /// Expiry, not-before and issuer are checked by ``TokenVerifier`` against its clock and configured issuer.
    package func verify(using algorithm: some JWTAlgorithm) async throws {}
}
