import Foundation

/// Which store a queue command, a worker or the service opens: `sqlite:PATH` (the default,
/// `sqlite:results/queue.sqlite`) or `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE&sslrootcert=FILE]`,
/// from `--database` or else `SYNTHBENCH_DATABASE_URL`. The command line turns it into a store (QueueSQLite,
/// QueuePostgres); this type only reads the text, so a bad URL fails before anything is opened. TLS to PostgreSQL
/// follows libpq's `sslmode` (``SSLMode``); docs/queue.md#tls-to-postgresql.
package enum QueueDatabase: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    package static let environmentKey = "SYNTHBENCH_DATABASE_URL"
    package static let defaultURL = "sqlite:results/queue.sqlite"

    package struct PostgresLocation: Sendable, Equatable {
        package var host: String
        package var port: Int
        package var user: String
        package var password: String?
        package var database: String
        package var sslMode: SSLMode
        /// `sslrootcert`: a PEM file of the certificate authorities that may sign the server's certificate, or
        /// `system` for the system's trust store (libpq 16's spelling); nil: libpq's `~/.postgresql/root.crt`.
        package var sslRootCert: String?

        package init(host: String, port: Int, user: String, password: String?, database: String,
                     sslMode: SSLMode = .prefer, sslRootCert: String? = nil) {
            self.host = host; self.port = port; self.user = user; self.password = password; self.database = database
            self.sslMode = sslMode; self.sslRootCert = sslRootCert
        }
    }

    /// libpq's `sslmode`, with libpq's meanings (absent: `prefer`, libpq's default):
    /// - `disable`: plain TCP only;
    /// - `prefer`: TLS when the server offers it, else plain; the certificate is not checked;
    /// - `require`: TLS or no connection; the certificate is not checked, unless a root certificate is given
    ///   (`sslrootcert`, or `~/.postgresql/root.crt` exists): then as `verify-ca`, as libpq does;
    /// - `verify-ca`: TLS, and the server's certificate must chain to a root of `sslrootcert`;
    /// - `verify-full`: as `verify-ca`, and the certificate must name the host (a DNS name, or the IP address
    ///   the connection goes to).
    /// libpq's `allow` (plain first, TLS only when the server insists) has no postgres-nio equivalent: refused.
    package enum SSLMode: String, CaseIterable, Sendable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    package struct InvalidURL: Error, CustomStringConvertible {
        package var url: String
        package var reason: String
        package var description: String {
            "queue database '\(url)': \(reason) (expected sqlite:PATH or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE&sslrootcert=FILE])"
        }
    }

    /// `explicit` (the `--database` option) if given, else the environment's `SYNTHBENCH_DATABASE_URL`, else the default.
    package static func resolve(_ explicit: String?,
                                environment: [String: String] = ProcessInfo.processInfo.environment) throws -> QueueDatabase {
        let text = explicit ?? environment[environmentKey].flatMap { $0.isEmpty ? nil : $0 } ?? defaultURL
        return try QueueDatabase(parsing: text)
    }

    package init(parsing text: String) throws {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }   // sqlite:///abs/path
            guard !path.isEmpty else { throw InvalidURL(url: text, reason: "no file path after sqlite:") }
            self = .sqlite(path: path)
            return
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"), let c = URLComponents(string: text) else {
            throw InvalidURL(url: text, reason: "unknown scheme")
        }
        guard let host = c.host, !host.isEmpty else { throw InvalidURL(url: text, reason: "no host") }
        guard let user = c.user, !user.isEmpty else { throw InvalidURL(url: text, reason: "no user") }
        let database = String(c.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw InvalidURL(url: text, reason: "no database name after the host") }
        var location = PostgresLocation(host: host, port: c.port ?? 5432, user: user, password: c.password, database: database)
        for item in c.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    let why = value == "allow" ? "sslmode=allow (plain first, TLS only when the server insists) is not supported; use prefer or disable"
                        : "unknown sslmode '\(value)'"
                    throw InvalidURL(url: text, reason: "\(why) (allowed: \(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                location.sslMode = mode
            case "sslrootcert":
                guard !value.isEmpty else { throw InvalidURL(url: text, reason: "sslrootcert needs a file path (or system)") }
                location.sslRootCert = value
            default:
                throw InvalidURL(url: text, reason: "unknown parameter '\(item.name)' (allowed: sslmode, sslrootcert)")
            }
        }
        self = .postgres(location)
    }

    /// The URL with any password hidden, for messages and logs.
    package var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let p):
            var query: [String] = []
            if p.sslMode != .prefer { query.append("sslmode=\(p.sslMode.rawValue)") }
            if let root = p.sslRootCert { query.append("sslrootcert=\(root)") }
            return "postgres://\(p.user)\(p.password == nil ? "" : ":***")@\(p.host):\(p.port)/\(p.database)"
                + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }
    }
}
