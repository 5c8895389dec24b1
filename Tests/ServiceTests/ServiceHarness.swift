import Foundation
import Harness
import Hummingbird
import HummingbirdTesting
import Logging
import QueueSQLite
import Service
import SynthCore
import SynthTestSupport

/// A service over an in-memory queue with a fixed HS256 secret or the committed RS256 test key, a results
/// directory of its own (a temporary directory: `defer { h.removeFiles() }`), a log capture, and token helpers.
struct ServiceHarness {
    static let secret = Array("0123456789abcdef0123456789abcdef-test-secret".utf8)
    static let issuer = "synthbench-test"
    /// The build the test service names (`/healthz`).
    static let build = BuildStamp(commit: "0123456789abcdef0123456789abcdef01234567", dirty: true, configuration: "debug")
    static let fixtures = RepositoryPaths.path("Tests/ServiceTests/Fixtures")

    let queue: any RunQueue
    let results: URL
    let service: SynthBenchService
    let issuerKey: TokenKey
    let logs = LogCapture()

    /// `availableDatasets`: the registry's names the service checks specs against (nil: unchecked).
    init(rs256: Bool = false, metricsNeedToken: Bool = true, bodyLimit: Int = 64 * 1024,
         availableDatasets: [String]? = ["penguins", "wine"], limits: SubmissionLimits = SubmissionLimits()) async throws {
        results = try SynthBenchBinary.temporaryDirectory("service")
        queue = try await Self.store(in: results)
        let key: TokenKey = rs256 ? .rs256Public(pem: try Self.fixture("rs256-test-public.pem")) : .hs256(secret: Self.secret)
        issuerKey = rs256 ? .rs256Private(pem: try Self.fixture("rs256-test-private.pem")) : .hs256(secret: Self.secret)
        service = SynthBenchService(queue: queue, verifier: try await TokenVerifier(key: key, issuer: Self.issuer),
                                    settings: ServiceSettings(bodyLimit: bodyLimit, metricsNeedToken: metricsNeedToken, resultsDirectory: results,
                                                              build: Self.build, limits: limits),
                                    availableDatasets: availableDatasets)
    }

    /// Removes the results directory (and the queue file in it); every test calls it in a `defer`.
    func removeFiles() {
        try? FileManager.default.removeItem(at: results)
    }

    /// The store every service test runs over: the default store's kind, a SQLite file under `directory` (the
    /// stores' own contract suite proves the in-memory and PostgreSQL ones behave the same).
    static func store(in directory: URL) async throws -> any RunQueue {
        let queue = try SQLiteRunQueue(path: directory.appendingPathComponent("queue.sqlite").path)
        try await queue.migrate()
        return queue
    }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    /// Runs `body` against the router (no sockets).
    func test<T>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let logs = self.logs
        let app = Application(router: service.router(), logger: Logger(label: "test") { _ in LogCapture.Handler(capture: logs) })
        return try await app.test(.router, body)
    }

    func token(_ scopes: [Scope], issuer: String = ServiceHarness.issuer, expiresIn: TimeInterval = 3600,
               key: TokenKey? = nil) async throws -> String {
        try await TokenIssuer(key: key ?? issuerKey).token(subject: "tester", issuer: issuer, scopes: scopes, expiresIn: expiresIn)
    }

    func bearer(_ scopes: [Scope]) async throws -> HTTPFields {
        [.authorization: "Bearer \(try await token(scopes))"]
    }

    /// A small valid spec: 1 dataset x 2 methods x 2 backends x 2 seeds = 8 cells.
    static let spec: JSONValue = [
        "name": "svc", "datasets": ["penguins"], "methods": ["gc", "uniform"], "backends": ["sdv", "synthcity"], "seeds": [0, 1],
    ]

    static func body(_ value: JSONValue) throws -> ByteBuffer {
        ByteBuffer(bytes: try SynthJSON.encoder().encode(value))
    }

    static func json(_ response: TestResponse) throws -> JSONValue {
        try SynthJSON.decoder().decode(JSONValue.self, from: Data(response.body.readableBytesView))
    }
}

/// Collects log events in memory.
final class LogCapture: @unchecked Sendable {
    struct Line { var message: String; var metadata: [String: String] }
    private let lock = NSLock()
    private var stored: [Line] = []
    var lines: [Line] { lock.withLock { stored } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            capture.lock.withLock { capture.stored.append(Line(message: "\(event.message)", metadata: all.mapValues { "\($0)" })) }
        }
    }
}

extension JSONValue {
    var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
}
