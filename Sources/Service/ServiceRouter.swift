import Foundation
import Harness
import Hummingbird

/// The API's routes, each with who may call it (docs/service.md, docs/openapi.yaml):
///
/// | route | access |
/// |---|---|
/// | `GET /healthz`, `GET /readyz` | anyone |
/// | `GET /metrics` | `read`, or anyone when configured |
/// | `GET /v1/runs`, `GET /v1/runs/{id}`, `GET /v1/runs/{id}/artifacts[/{name}]` | `read` |
/// | `POST /v1/runs`, `POST /v1/runs/{id}/cancel` | `submit` |
/// | `POST /v1/runs/{id}/retry` | `admin` |
///
/// `admin` grants every scope. The token is checked before anything else the route does (its body is not read
/// for a caller without the scope).
package enum ServiceRouter {
    package enum Access: Sendable, Equatable {
        case open
        case scope(Scope)
    }

    package static func make(routes: RunRoutes, verifier: TokenVerifier, settings: ServiceSettings) -> Router<ServiceRequestContext> {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: RequestLogMiddleware(bodyLimit: settings.bodyLimit))
        func on(_ method: HTTPRequest.Method, _ path: RouterPath, _ access: Access,
                _ handler: @escaping @Sendable (RunRoutes) -> (Request, ServiceRequestContext) async throws -> Response) {
            router.on(path, method: method) { request, context in
                if case .scope(let needed) = access {
                    let claims = try await verifier.verify(authorization: request.headers[.authorization])
                    guard Scope.grants(claims.scopes, needed) else { throw ServiceError.forbidden(needed: needed) }
                }
                return try await handler(routes)(request, context)
            }
        }
        on(.get, "/healthz", .open, RunRoutes.health)
        on(.get, "/readyz", .open, RunRoutes.ready)
        on(.get, "/metrics", settings.metricsNeedToken ? .scope(.read) : .open, RunRoutes.prometheus)
        on(.post, "/v1/runs", .scope(.submit), RunRoutes.submit)
        on(.get, "/v1/runs", .scope(.read), RunRoutes.list)
        on(.get, "/v1/runs/{id}", .scope(.read), RunRoutes.show)
        on(.post, "/v1/runs/{id}/cancel", .scope(.submit), RunRoutes.cancel)
        on(.post, "/v1/runs/{id}/retry", .scope(.admin), RunRoutes.retry)
        on(.get, "/v1/runs/{id}/artifacts", .scope(.read), RunRoutes.artifacts)
        on(.get, "/v1/runs/{id}/artifacts/{name}", .scope(.read), RunRoutes.download)
        return router
    }
}
