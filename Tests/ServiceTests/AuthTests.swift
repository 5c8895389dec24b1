import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import SynthTestSupport
import Testing

/// Every way a token can fail: 401 for no, malformed, badly signed, expired or wrong-issuer tokens; 403 for a
/// missing scope; each with a valid token of the right scope as the negative control.
@Suite struct AuthTests {
    static let readRoutes = ["/v1/runs", "/v1/runs/1", "/v1/runs/1/artifacts", "/v1/runs/1/artifacts/x.csv", "/metrics"]

    func status(_ h: ServiceHarness, _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:],
                body: ByteBuffer? = nil) async throws -> HTTPResponse.Status {
        try await h.test { client in try await client.execute(uri: uri, method: method, headers: headers, body: body).status }
    }

    @Test func noTokenIsRefusedOnEveryProtectedRoute() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        for uri in Self.readRoutes { #expect(try await status(h, .get, uri) == .unauthorized, "\(uri)") }
        let refused = try await h.test { try await $0.execute(uri: "/v1/runs", method: .get) }
        #expect(refused.headers[.wwwAuthenticate] == "Bearer realm=\"synthbench\"")
        #expect(try ServiceHarness.json(refused)["detail"] == "missing bearer token (Authorization: Bearer <JWT>)")
        for uri in ["/v1/runs", "/v1/runs/1/cancel", "/v1/runs/1/retry"] {
            #expect(try await status(h, .post, uri) == .unauthorized, "\(uri)")
        }
        // Control: a read token gets past auth (200, or 404 for a run that does not exist).
        let ok = try await h.bearer([.read])
        #expect(try await status(h, .get, "/v1/runs", headers: ok) == .ok)
        #expect(try await status(h, .get, "/v1/runs/1", headers: ok) == .notFound)
    }

    @Test func malformedHeadersAndTokensAre401() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let token = try await h.token([.read])
        for header in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer not.a.jwt", "Bearer abc", token, "Token \(token)"] {
            #expect(try await status(h, .get, "/v1/runs", headers: [.authorization: header]) == .unauthorized, "\(header)")
        }
        #expect(try await status(h, .get, "/v1/runs", headers: [.authorization: "Bearer \(token)"]) == .ok)
        #expect(try await status(h, .get, "/v1/runs", headers: [.authorization: "bearer \(token)"]) == .ok)
    }

    @Test func badSignatureIs401() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        var other = ServiceHarness.secret
        other[0] ^= 1
        let forged = try await h.token([.admin], key: .hs256(secret: other))
        let response = try await h.test { try await $0.execute(uri: "/v1/runs", method: .get, headers: [.authorization: "Bearer \(forged)"]) }
        #expect(response.status == .unauthorized)
        #expect(try ServiceHarness.json(response)["detail"] == "token signature does not verify")
        // A token whose payload was edited after signing (read -> admin) fails too.
        let real = try await h.token([.read]).split(separator: ".").map(String.init)
        let adminPayload = try await h.token([.admin]).split(separator: ".")[1]
        let tampered = [real[0], String(adminPayload), real[2]].joined(separator: ".")
        #expect(try await status(h, .post, "/v1/runs/1/retry", headers: [.authorization: "Bearer \(tampered)"]) == .unauthorized)
    }

    @Test func expiredTokenIs401() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let expired = try await h.token([.admin], expiresIn: -60)
        let response = try await h.test { try await $0.execute(uri: "/v1/runs", method: .get, headers: [.authorization: "Bearer \(expired)"]) }
        #expect(response.status == .unauthorized)
        #expect(try ServiceHarness.json(response)["detail"]?.stringValue?.hasPrefix("token expired at") == true)
        // Not yet valid (nbf an hour ahead), and the control: nbf a minute ago.
        let issuer = try await TokenIssuer(key: h.issuerKey)
        let early = try await issuer.token(AccessClaims(subject: nil, issuer: ServiceHarness.issuer, scopes: [.read],
                                                        expires: Date().addingTimeInterval(7200), notBefore: Date().addingTimeInterval(3600)))
        let refused = try await h.test { try await $0.execute(uri: "/v1/runs", method: .get, headers: [.authorization: "Bearer \(early)"]) }
        #expect(refused.status == .unauthorized)
        #expect(try ServiceHarness.json(refused)["detail"]?.stringValue?.hasPrefix("token not valid before") == true)
        let current = try await issuer.token(AccessClaims(subject: nil, issuer: ServiceHarness.issuer, scopes: [.read],
                                                          expires: Date().addingTimeInterval(3600), notBefore: Date().addingTimeInterval(-60)))
        #expect(try await status(h, .get, "/v1/runs", headers: [.authorization: "Bearer \(current)"]) == .ok)
    }

    @Test func wrongIssuerIs401() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let stranger = try await h.token([.admin], issuer: "someone-else")
        let response = try await h.test { try await $0.execute(uri: "/v1/runs", method: .get, headers: [.authorization: "Bearer \(stranger)"]) }
        #expect(response.status == .unauthorized)
        #expect(try ServiceHarness.json(response)["detail"] == "token issuer 'someone-else' is not 'synthbench-test'")
    }

    @Test func missingScopeIs403AndAdminGrantsAll() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let submit = try await h.bearer([.submit]), read = try await h.bearer([.read]), admin = try await h.bearer([.admin])
        let none = try await h.bearer([])
        for uri in Self.readRoutes {
            #expect(try await status(h, .get, uri, headers: submit) == .forbidden, "\(uri)")
            #expect(try await status(h, .get, uri, headers: none) == .forbidden, "\(uri)")
            #expect(try await status(h, .get, uri, headers: admin) != .forbidden, "\(uri)")
        }
        let body = try ServiceHarness.body(["spec": ServiceHarness.spec])
        #expect(try await status(h, .post, "/v1/runs", headers: read, body: body) == .forbidden)
        #expect(try await status(h, .post, "/v1/runs/1/cancel", headers: read) == .forbidden)
        #expect(try await status(h, .post, "/v1/runs/1/retry", headers: submit) == .forbidden)
        #expect(try await status(h, .post, "/v1/runs", headers: submit, body: body) == .created)
        #expect(try await status(h, .post, "/v1/runs/1/cancel", headers: submit) == .ok)
        #expect(try await status(h, .post, "/v1/runs/1/retry", headers: admin) == .ok)
        let forbidden = try await h.test { try await $0.execute(uri: "/v1/runs/1/retry", method: .post, headers: submit) }
        #expect(try ServiceHarness.json(forbidden)["detail"] == "the token lacks the 'admin' scope this route needs")
    }

    @Test func openRoutesNeedNoTokenAndMetricsIsConfigurable() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        #expect(try await status(h, .get, "/healthz") == .ok)
        #expect(try await status(h, .get, "/readyz") == .ok)
        #expect(try await status(h, .get, "/metrics") == .unauthorized)
        let open = try await ServiceHarness(metricsNeedToken: false)
        defer { open.removeFiles() }
        #expect(try await status(open, .get, "/metrics") == .ok)
        #expect(try await status(open, .get, "/v1/runs") == .unauthorized)
    }

    @Test func rs256TokensFromTheCommittedKeyPair() async throws {
        let h = try await ServiceHarness(rs256: true)
        defer { h.removeFiles() }
        #expect(try await status(h, .get, "/v1/runs", headers: try await h.bearer([.read])) == .ok)
        let stranger = try await h.token([.read], key: .rs256Private(pem: try ServiceHarness.fixture("rs256-other-private.pem")))
        #expect(try await status(h, .get, "/v1/runs", headers: [.authorization: "Bearer \(stranger)"]) == .unauthorized)
        // Algorithm confusion: an HS256 token keyed with the public PEM must not pass an RS256 service.
        let publicPEM = try ServiceHarness.fixture("rs256-test-public.pem")
        let confused = try await h.token([.admin], key: .hs256(secret: Array(publicPEM.utf8)))
        #expect(try await status(h, .get, "/v1/runs", headers: [.authorization: "Bearer \(confused)"]) == .unauthorized)
        let expired = try await h.token([.read], expiresIn: -1)
        #expect(try await status(h, .get, "/v1/runs", headers: [.authorization: "Bearer \(expired)"]) == .unauthorized)
    }

    @Test func keyFilesAreCheckedWithTheirPathInTheError() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("key-files")
        defer { try? FileManager.default.removeItem(at: dir) }
        let short = dir.appendingPathComponent("short.secret")
        try Data("too short\n".utf8).write(to: short)
        #expect(throws: TokenKeyError(path: short.path, reason: "an HS256 secret needs at least 32 bytes, the file has 9")) {
            try TokenKey.hs256(secretFile: short.path)
        }
        let good = dir.appendingPathComponent("good.secret")
        try Data((String(repeating: "k", count: 32) + "\n").utf8).write(to: good)
        guard case .hs256(let bytes) = try TokenKey.hs256(secretFile: good.path) else { Issue.record("not HS256"); return }
        #expect(bytes.count == 32)
        #expect(throws: TokenKeyError.self) { try TokenKey.rs256(publicKeyFile: short.path) }
        _ = try TokenKey.rs256(publicKeyFile: ServiceHarness.fixtures.appendingPathComponent("rs256-test-public.pem").path)
        // A missing key file is named with the system's reason (it was Foundation's 'The operation could not be
        // completed. The file doesn't exist.').
        let missing = dir.appendingPathComponent("nosuch.secret").path
        #expect(throws: TokenKeyError(path: missing, reason: "cannot read the file: No such file or directory (ENOENT)")) {
            try TokenKey.hs256(secretFile: missing)
        }
    }

    /// `synthbench token` refuses a scope that names nothing (it made a token that may do nothing) and a negative
    /// lifetime as its option's own error (it said "Missing value for '--expires-in'"). Control: `read` makes a
    /// token the service's key verifies.
    @Test func tokenCommandRefusesAnEmptyScopeAndANegativeLifetime() async throws {
        let dir = try SynthBenchBinary.temporaryDirectory("token-command")
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = dir.appendingPathComponent("service.secret")
        try Data(ServiceHarness.secret).write(to: secret)
        let base = ["token", "--jwt-secret-file", secret.path, "--issuer", ServiceHarness.issuer]
        for (extra, message) in [(["--scope", ""], "--scope names no scope; give one or more of read, submit, admin, space-separated"),
                                 (["--scope", " "], "--scope names no scope; give one or more of read, submit, admin, space-separated"),
                                 (["--expires-in", "-5"], "--expires-in must be a positive number of seconds")] {
            let out = try SynthBenchBinary.run(base + extra, in: dir)
            #expect(out.status == 64 && out.stderr.hasPrefix("Error: \(message)\n"), "\(extra): \(out.status) \(out.stderr)")
            #expect(out.stdout.isEmpty)
        }
        // serve's numbers likewise (they said "Missing value for '--port <port>'"); the `=` form is the control.
        let serve = ["serve", "--jwt-secret-file", secret.path, "--database", "memory:"]
        for (extra, message) in [(["--port", "-1"], "--port must be in 1...65535, got -1"), (["--port=-1"], "--port must be in 1...65535, got -1"),
                                 (["--body-limit", "-5"], "--body-limit must be at least 1024 bytes, got -5"),
                                 (["--max-timeout", "0"], "--max-timeout must be a positive number of seconds, got 0.0"),
                                 (["--max-rows", "-3"], "--max-rows must be at least 1, got -3"),
                                 (["--max-blas-threads", "0"], "--max-blas-threads must be at least 1, got 0"),
                                 (["--max-cells", "0"], "--max-cells must be at least 1, got 0")] {
            let out = try SynthBenchBinary.run(serve + extra, in: dir)
            #expect(out.status == 64 && out.stderr.hasPrefix("Error: \(message)\n"), "\(extra): \(out.status) \(out.stderr)")
        }
        let made = try SynthBenchBinary.run(base + ["--scope", "read"], in: dir)
        #expect(made.status == 0, "\(made.stderr)")
        let verifier = try await TokenVerifier(key: .hs256(secret: ServiceHarness.secret), issuer: ServiceHarness.issuer)
        #expect(try await verifier.verify(token: made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).scopes == [.read])
    }
}
