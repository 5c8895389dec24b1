import Foundation
import Hummingbird
import Logging

/// The outermost middleware: gives each request an id (the client's `X-Request-Id` when it is a plain token of at
/// most 64 characters, else a new UUID), turns every thrown error into a ``Problem`` response (a 401 with `WWW-Authenticate: Bearer`), returns the id in
/// the `X-Request-Id` header and writes one structured log line per request (method, path, status, duration).
package struct RequestLogMiddleware: RouterMiddleware {
    package typealias Context = ServiceRequestContext
    package static let headerName = "X-Request-Id"
    let bodyLimit: Int

    package func handle(_ request: Request, context: Context,
                        next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id = Self.requestID(request.headers[.init(Self.headerName)!])
        context.requestID = id
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let (status, detail, path) = ServiceError.from(error, bodyLimit: bodyLimit)
            if status == .internalServerError {
                context.logger.error("request failed", metadata: ["request_id": .string(id), "error": .string("\(error)")])
            }
            response = Problem(status: status, detail: detail, path: path, requestID: id).response()
            if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"synthbench\"" }  // RFC 6750 3
        }
        response.headers[.init(Self.headerName)!] = id
        let elapsed = start.duration(to: .now)
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("request", metadata: [
            "request_id": .string(id), "method": .string(request.method.rawValue), "path": .string(request.uri.path),
            "status": .stringConvertible(response.status.code), "duration_ms": .string(String(format: "%.3f", ms)),
        ])
        return response
    }

    static func requestID(_ offered: String?) -> String {
        if let offered, (1...64).contains(offered.count),
           offered.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) {
            return offered
        }
        return UUID().uuidString.lowercased()
    }
}
