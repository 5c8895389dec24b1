import Foundation
import Harness
import Testing

@Suite struct QueueDatabaseTests {
    @Test func readsSQLiteAndPostgresURLs() throws {
        #expect(try QueueDatabase(parsing: "sqlite:results/queue.sqlite") == .sqlite(path: "results/queue.sqlite"))
        #expect(try QueueDatabase(parsing: "sqlite:///tmp/q.sqlite") == .sqlite(path: "/tmp/q.sqlite"))
        let pg = try QueueDatabase(parsing: "postgres://bench:s3cret@db.internal:6543/runs?sslmode=disable")
        #expect(pg == .postgres(.init(host: "db.internal", port: 6543, user: "bench", password: "s3cret", database: "runs",
                                      sslMode: .disable)))
        #expect(pg.description == "postgres://bench:***@db.internal:6543/runs?sslmode=disable")
        // No sslmode: libpq's default, prefer.
        #expect(try QueueDatabase(parsing: "postgresql://u@h/d") == .postgres(.init(host: "h", port: 5432, user: "u", password: nil, database: "d",
                                                                                    sslMode: .prefer)))
        let full = try QueueDatabase(parsing: "postgres://u@h/d?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        #expect(full == .postgres(.init(host: "h", port: 5432, user: "u", password: nil, database: "d", sslMode: .verifyFull,
                                        sslRootCert: "/etc/ca.pem")))
        #expect(full.description == "postgres://u@h:5432/d?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        for mode in QueueDatabase.SSLMode.allCases {
            guard case .postgres(let p) = try QueueDatabase(parsing: "postgres://u@h/d?sslmode=\(mode.rawValue)") else { Issue.record("\(mode)"); continue }
            #expect(p.sslMode == mode)
        }
    }

    @Test(arguments: ["mysql://u@h/d", "sqlite:", "postgres://h/d", "postgres://u@h", "postgres://u@h/d?sslmode=allow",
                      "postgres://u@h/d?sslmode=verify", "postgres://u@h/d?sslrootcert=", "postgres://u@h/d?sslcert=/c.pem",
                      "postgres://u@h/d?timeout=3", "results/queue.sqlite"])
    func refusesWhatItCannotOpen(_ url: String) {
        #expect(throws: QueueDatabase.InvalidURL.self) { try QueueDatabase(parsing: url) }
    }

    @Test func explicitBeatsEnvironmentBeatsDefault() throws {
        let env = [QueueDatabase.environmentKey: "sqlite:/from/env.sqlite"]
        #expect(try QueueDatabase.resolve("sqlite:/explicit.sqlite", environment: env) == .sqlite(path: "/explicit.sqlite"))
        #expect(try QueueDatabase.resolve(nil, environment: env) == .sqlite(path: "/from/env.sqlite"))
        #expect(try QueueDatabase.resolve(nil, environment: [:]) == .sqlite(path: "results/queue.sqlite"))
    }
}
