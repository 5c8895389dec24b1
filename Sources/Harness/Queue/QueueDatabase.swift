import Foundation

/// Which store a queue command, a worker or the service opens: `sqlite:PATH` (the default,
/// `sqlite:results/queue.sqlite`) or `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable]`,
/// from `--database` or else `SYNTHBENCH_DATABASE_URL`. The command line turns it into a store (QueueSQLite,
/// QueuePostgres); this type only reads the text, so a bad URL fails before anything is opened. TLS to PostgreSQL is
/// not implemented: `sslmode=prefer|require` is refused by name (use a private network or an SSH/stunnel tunnel).
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

        package init(host: String, port: Int, user: String, password: String?, database: String) {
            self.host = host; self.port = port; self.user = user; self.password = password; self.database = database
        }
    }

    package struct InvalidURL: Error, CustomStringConvertible {
        package var url: String
        package var reason: String
        package var description: String {
            "queue database '\(url)': \(reason) (expected sqlite:PATH or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE)"
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
        for item in c.queryItems ?? [] {
            guard item.name == "sslmode" else { throw InvalidURL(url: text, reason: "unknown parameter '\(item.name)'") }
            guard item.value == "disable" else {
                throw InvalidURL(url: text, reason: "sslmode=\(item.value ?? "") is not implemented: TLS to PostgreSQL is not supported yet (sslmode=disable only)")
            }
        }
        self = .postgres(PostgresLocation(host: host, port: c.port ?? 5432, user: user, password: c.password,
                                          database: database))
    }

    /// The URL with any password hidden, for messages and logs.
    package var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let p):
            return "postgres://\(p.user)\(p.password == nil ? "" : ":***")@\(p.host):\(p.port)/\(p.database)"
        }
    }
}
