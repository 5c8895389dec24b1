import Foundation
import Harness
import QueuePostgres
import Testing

/// TLS to PostgreSQL with libpq's `sslmode` meanings, against the throwaway cluster of scripts/postgres.sh: TLS on,
/// its server certificate signed by `SYNTHBENCH_TEST_POSTGRES_CA` for the name `localhost` only. Whether a
/// connection is encrypted is read from the server (`pg_stat_ssl`), not assumed. Without the URL and CA the cases
/// print why and pass nothing.
@Suite struct PostgresTLSTests {
    struct Server {
        var base: QueueDatabase.PostgresLocation
        var ca: String
        var otherCA: String
    }

    static var server: Server? {
        let env = ProcessInfo.processInfo.environment
        guard let url = TestStore.postgresURL, let ca = env["SYNTHBENCH_TEST_POSTGRES_CA"],
              let other = env["SYNTHBENCH_TEST_POSTGRES_OTHER_CA"],
              case .postgres(let base)? = try? QueueDatabase(parsing: url) else {
            print("skipped (postgres TLS): SYNTHBENCH_TEST_POSTGRES_URL / _CA / _OTHER_CA unset; scripts/postgres.sh run ... sets them")
            return nil
        }
        return Server(base: base, ca: ca, otherCA: other)
    }

    func location(_ s: Server, host: String = "localhost", _ mode: QueueDatabase.SSLMode, root: String? = nil) -> QueueDatabase.PostgresLocation {
        var l = s.base
        l.host = host; l.sslMode = mode; l.sslRootCert = root
        return l
    }

    /// Opens the store as the commands do (migrate connects first), then reports its encryption.
    func open(_ location: QueueDatabase.PostgresLocation) async throws -> String? {
        let queue = try PostgresRunQueue(location)
        try await queue.migrate()
        return try await queue.encryption()
    }

    @Test func modesThatConnectUseTLSExactlyWhenTheySay() async throws {
        guard let s = Self.server else { return }
        #expect(try await open(location(s, host: s.base.host, .disable)) == nil)
        #expect(try await open(location(s, host: s.base.host, .prefer))?.hasPrefix("TLSv") == true)
        #expect(try await open(location(s, host: s.base.host, .require))?.hasPrefix("TLSv") == true)
        // verify-ca checks the chain only, so the IP address the certificate does not name is fine.
        #expect(try await open(location(s, host: s.base.host, .verifyCA, root: s.ca))?.hasPrefix("TLSv") == true)
        #expect(try await open(location(s, .verifyFull, root: s.ca))?.hasPrefix("TLSv") == true)
    }

    /// A whole queue round trip over a verified connection: submit, claim, finish, read back.
    @Test func theQueueWorksOverAVerifiedConnection() async throws {
        guard let s = Self.server else { return }
        var l = try PostgresTestDatabase.create(from: TestStore.postgresURL!)
        l.host = "localhost"; l.sslMode = .verifyFull; l.sslRootCert = s.ca
        let queue = try PostgresRunQueue(l)
        try await queue.migrate()
        let spec = try ExperimentSpec.decode(Data(#"{"name": "tls", "datasets": ["penguins"], "methods": ["uniform"], "backends": ["sdv"]}"#.utf8),
                                             availableDatasets: nil)
        let ids = try await queue.submit(try RunSubmission.grid(spec, group: "g"), now: Date())
        let claimed = try #require(try await queue.claim(worker: "w", lease: 60, now: Date()))
        #expect(claimed.id == ids.first)
        try await queue.finish(run: claimed.id, worker: "w", outcome: RunCompletion(status: .succeeded, metrics: [RunMetric(name: "m", value: 1)]),
                               now: Date())
        #expect(try await queue.run(claimed.id)?.status == .succeeded)
        #expect(try await queue.metrics(run: claimed.id) == [RunMetric(name: "m", value: 1)])
        #expect(try await queue.encryption()?.hasPrefix("TLSv") == true)
    }

    @Test func aCertificateFromAnotherAuthorityIsRefusedByName() async throws {
        guard let s = Self.server else { return }
        for mode in [QueueDatabase.SSLMode.verifyFull, .verifyCA, .require] {
            let error = await #expect(throws: RunQueueError.self) { try await open(location(s, mode, root: s.otherCA)) }
            let text = "\(error.map { "\($0)" } ?? "")"
            #expect(text.contains("TLS certificate verification failed"), "\(mode): \(text)")
            #expect(text.contains("sslmode=\(mode.rawValue)") && text.contains(s.otherCA), "\(mode): \(text)")
        }
    }

    @Test func verifyFullRefusesAHostTheCertificateDoesNotName() async throws {
        guard let s = Self.server else { return }
        let error = await #expect(throws: RunQueueError.self) { try await open(location(s, host: s.base.host, .verifyFull, root: s.ca)) }
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains("does not name the host '\(s.base.host)'"), "\(text)")
    }

    /// Settings that cannot work fail before any connection, naming what is missing.
    @Test func unusableRootCertificatesAreNamed() throws {
        let l = QueueDatabase.PostgresLocation(host: "localhost", port: 1, user: "u", password: nil, database: "d",
                                               sslMode: .verifyFull, sslRootCert: "/nonexistent/ca.pem")
        let missing = #expect(throws: RunQueueError.self) { try PostgresRunQueue(l) }
        #expect("\(missing.map { "\($0)" } ?? "")".contains("sslrootcert /nonexistent/ca.pem: cannot read PEM certificates"))
        // Without sslrootcert, verify-full needs libpq's default file; when it is absent, the error says what to add.
        let home = (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + "/.postgresql/root.crt"
        guard !FileManager.default.fileExists(atPath: home) else { return }
        var none = l
        none.sslRootCert = nil
        let unset = #expect(throws: RunQueueError.self) { try PostgresRunQueue(none) }
        #expect("\(unset.map { "\($0)" } ?? "")".contains("add sslrootcert=FILE"))
        // require without a root certificate does not verify, so it needs none.
        none.sslMode = .require
        _ = try PostgresRunQueue(none)
    }
}
