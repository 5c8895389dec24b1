import Harness
import Hummingbird

/// Why the service refused a request. Every refusal leaves as an RFC 9457 problem body (``Problem``) with the
/// status named here, so clients see one error shape whatever went wrong.
package enum ServiceError: Error, Equatable, CustomStringConvertible {
    /// No, malformed, badly signed, expired or wrong-issuer token (401).
    case unauthorized(String)
    /// A valid token without the scope the route needs (403).
    case forbidden(needed: Scope)
    /// A bad parameter or body; `path` is the JSON path or query parameter at fault (400).
    case badRequest(String, path: String?)
    case notFound(String)
    /// The run is in a status the operation does not apply to (409).
    case conflict(String)
    /// The body is larger than the configured limit (413).
    case payloadTooLarge(limit: Int)
    /// The store cannot be reached or failed (503).
    case unavailable(String)

    package var status: HTTPResponse.Status {
        switch self {
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .badRequest: return .badRequest
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .payloadTooLarge: return .contentTooLarge
        case .unavailable: return .serviceUnavailable
        }
    }

    package var description: String {
        switch self {
        case .unauthorized(let why): return why
        case .forbidden(let scope): return "the token lacks the '\(scope.rawValue)' scope this route needs"
        case .badRequest(let why, _), .notFound(let why), .conflict(let why), .unavailable(let why): return why
        case .payloadTooLarge(let limit): return "the request body is larger than the limit of \(limit) bytes"
        }
    }

    /// The refusal for any error a handler threw: queue errors keep their meaning, body-size errors become 413,
    /// Hummingbird's own errors keep their status, anything else is a 500 that names no internals.
    package static func from(_ error: any Error, bodyLimit: Int) -> (status: HTTPResponse.Status, detail: String, path: String?) {
        switch error {
        case let e as ServiceError:
            if case .badRequest(_, let path) = e { return (e.status, e.description, path) }
            return (e.status, e.description, nil)
        case let e as RunQueueError:
            let mapped: ServiceError
            switch e {
            case .unknownRun: mapped = .notFound(e.description)
            case .leaseLost, .invalidTransition: mapped = .conflict(e.description)
            case .invalidSubmission: mapped = .badRequest(e.description, path: nil)
            case .store: mapped = .unavailable(e.description)
            }
            return from(mapped, bodyLimit: bodyLimit)
        case let e as HTTPError:
            return (e.status, e.body ?? e.status.reasonPhrase, nil)
        case let e as any HTTPResponseError where e.status == .contentTooLarge:
            // NIO's too-many-bytes error from collecting a body past the limit.
            return from(ServiceError.payloadTooLarge(limit: bodyLimit), bodyLimit: bodyLimit)
        case let e as any HTTPResponseError:
            return (e.status, e.status.reasonPhrase, nil)
        default:
            return (.internalServerError, "internal error (see the service log for this request id)", nil)
        }
    }
}
