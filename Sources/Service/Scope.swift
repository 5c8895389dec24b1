/// What a token may do, from its space-separated `scope` claim. `read` covers every GET, `submit` submitting and
/// cancelling runs, `admin` retrying runs and everything else. Only `admin` implies the others: a client that submits
/// and polls carries `read submit`.
package enum Scope: String, Sendable, CaseIterable, Codable {
    case read, submit, admin

    /// The scopes a claim grants (unknown words are ignored: tokens may carry other services' scopes).
    package static func parse(_ claim: String) -> Set<Scope> {
        Set(claim.split(separator: " ").compactMap { Scope(rawValue: String($0)) })
    }

    package static func grants(_ granted: Set<Scope>, _ needed: Scope) -> Bool {
        granted.contains(needed) || granted.contains(.admin)
    }
}
