import Foundation
import Hummingbird
import SynthCore

/// The JSON body of every error response (RFC 9457 `application/problem+json`), with the request id so a client
/// can quote it and an operator can find the log line.
package struct Problem: Codable, Sendable, Equatable {
    package var type: String = "about:blank"
    /// The status's reason phrase (`Bad Request`).
    package var title: String
    package var status: Int
    package var detail: String
    /// Where in the request the fault is: a JSON path in the body (`spec.methods[2]`) or a query parameter.
    package var path: String?
    package var requestID: String

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, path, requestID = "request_id"
    }

    package init(status: HTTPResponse.Status, detail: String, path: String?, requestID: String) {
        self.title = status.reasonPhrase; self.status = status.code; self.detail = detail; self.path = path
        self.requestID = requestID
    }

    package func response() -> Response {
        let data = (try? SynthJSON.encoder().encode(self)) ?? Data()
        return Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/problem+json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
