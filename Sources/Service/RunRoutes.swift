import Foundation
import Harness
import Hummingbird
import SynthCore

/// The handlers of the API's routes (the router and their access rules are in ``ServiceRouter``).
package struct RunRoutes: Sendable {
    let queue: any RunQueue
    let catalog: ArtifactCatalog
    let metrics: ServiceMetrics
    let bodyLimit: Int
    /// The dataset registry's names a submitted spec may use (nil: not checked).
    let availableDatasets: [String]?
    /// What one submission may ask for.
    let limits: SubmissionLimits
    /// The serving executable's build, named by `/healthz`.
    let build: BuildStamp
    let now: @Sendable () -> Date

    static let listLimits = 1...1000

    /// `POST /v1/runs`: a spec and one cell, or every cell of the spec. 201 with the runs created.
    func submit(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > bodyLimit {
            throw ServiceError.payloadTooLarge(limit: bodyLimit)
        }
        let body = try await request.body.collect(upTo: bodyLimit)
        let parsed = try SubmissionRequest.parse(Data(body.readableBytesView), availableDatasets: availableDatasets, limits: limits)
        let ids = try await queue.submit(parsed.submissions, now: now())
        var views: [RunView] = []
        for id in ids { if let run = try await queue.run(id) { views.append(RunView(run)) } }
        return try Self.json(RunList(runs: views), status: .created)
    }

    /// `GET /v1/runs?status=&group=&limit=`: newest first.
    func list(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        var filter = RunFilter()
        if let s = q["status"].map(String.init) {
            guard let status = RunStatus(rawValue: s) else {
                throw ServiceError.badRequest("unknown status '\(s)'; allowed: \(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))", path: "status")
            }
            filter.status = status
        }
        filter.group = q["group"].map(String.init)
        if let l = q["limit"].map(String.init) {
            guard let n = Int(l), Self.listLimits.contains(n) else {
                throw ServiceError.badRequest("limit must be an integer in \(Self.listLimits.lowerBound)...\(Self.listLimits.upperBound), got '\(l)'", path: "limit")
            }
            filter.limit = n
        }
        return try Self.json(RunList(runs: try await queue.list(filter).map { RunView($0) }))
    }

    /// `GET /v1/runs/{id}`: the run with its metrics.
    func show(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let run = try await self.run(context)
        return try Self.json(RunView(run, metrics: try await queue.metrics(run: run.id)))
    }

    /// `POST /v1/runs/{id}/cancel`: a queued or running run becomes cancelled (again: no change); a finished one is 409.
    func cancel(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let status = try await queue.cancel(run: id, now: now())
        guard status == .cancelled else { throw RunQueueError.invalidTransition(run: id, from: status, to: .cancelled) }
        return try Self.json(RunView(try await run(context)))
    }

    /// `POST /v1/runs/{id}/retry`: a failed or cancelled run goes back to the queue with fresh attempts.
    func retry(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        try await queue.retry(run: try Self.id(context), now: now())
        return try Self.json(RunView(try await run(context)))
    }

    /// `GET /v1/runs/{id}/artifacts`.
    func artifacts(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let id = try Self.id(context)
        return try Self.json(["artifacts": catalog.entries(run: id, try await queue.artifacts(run: id))])
    }

    /// `GET /v1/runs/{id}/artifacts/{name}`: the file, streamed, if the run recorded it and it is inside the results
    /// directory (``ArtifactCatalog``); `name` percent-decoded.
    func download(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let name = try ArtifactCatalog.name(fromPathSegment: try context.parameters.require("name"))
        guard let (artifact, path) = catalog.file(named: name, in: try await queue.artifacts(run: id)) else {
            throw ServiceError.notFound("run \(id) has no artifact '\(name)'")
        }
        let body = try await FileIO().loadFile(path: path, context: context)
        let fileName = (path as NSString).lastPathComponent
        var headers: HTTPFields = [.contentType: Self.contentType(of: fileName), .contentDisposition: Self.attachment(fileName)]
        headers[.init("X-Artifact-SHA256")!] = artifact.sha256
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber {
            headers[.contentLength] = "\(size.int64Value)"
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// `attachment; filename="..."` (a quote, a control character and, for the plain form, non-ASCII become `_`),
    /// with RFC 6266's `filename*=UTF-8''...` beside it when the name is not plain ASCII.
    static func attachment(_ fileName: String) -> String {
        let plain = String(fileName.map { $0.isASCII && $0 != "\"" && !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? true) ? $0 : "_" })
        let header = "attachment; filename=\"\(plain)\""
        return plain == fileName ? header : header + "; filename*=UTF-8''\(ArtifactCatalog.pathSegment(fileName))"
    }

    /// `GET /healthz`: the process answers, and names its version and build (which build a deployment runs).
    func health(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        try Self.json(Health(status: "ok", version: SynthBenchVersion.string, build: build))
    }

    /// The body of `/healthz`.
    struct Health: Encodable {
        var status: String
        var version: String
        var build: BuildStamp
    }

    /// `GET /readyz`: the store answers.
    func ready(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        do { _ = try await queue.counts() } catch {
            throw ServiceError.unavailable("the run store does not answer: \(error)")
        }
        return try Self.json(["status": "ready"])
    }

    /// `GET /metrics`: Prometheus text format.
    func prometheus(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let text: String
        do { text = try await metrics.scrape(queue) } catch { throw ServiceError.unavailable("the run store does not answer: \(error)") }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: helpers

    private func run(_ context: ServiceRequestContext) async throws -> QueuedRun {
        let id = try Self.id(context)
        guard let run = try await queue.run(id) else { throw ServiceError.notFound("no run with id \(id)") }
        return run
    }

    static func id(_ context: ServiceRequestContext) throws -> Int64 {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw ServiceError.badRequest("run id must be a positive integer, got '\(raw)'", path: "id") }
        return id
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try SynthJSON.encoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func contentType(of name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "csv": return "text/csv; charset=utf-8"
        case "json": return "application/json"
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        case "html": return "text/html; charset=utf-8"
        case "md", "txt", "log", "gp", "dat": return "text/plain; charset=utf-8"
        case "pdf": return "application/pdf"
        case "parquet": return "application/vnd.apache.parquet"
        default: return "application/octet-stream"
        }
    }
}
