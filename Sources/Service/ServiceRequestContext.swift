import Hummingbird

/// Hummingbird's per-request context plus the request id every log line and response carries.
package struct ServiceRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    package var requestID = ""

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
