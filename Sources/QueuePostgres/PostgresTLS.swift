import Foundation
import Harness
import PostgresNIO

/// How a ``QueueDatabase/PostgresLocation``'s `sslmode` and `sslrootcert` become postgres-nio's TLS settings
/// (NIOSSL, which postgres-nio brings), with libpq's meanings (``QueueDatabase/SSLMode``). docs/queue.md.
struct PostgresTLS {
    /// Nil for `disable`.
    let configuration: TLSConfiguration?
    /// TLS or no connection (`require`, `verify-ca`, `verify-full`); else `prefer`: plain when the server offers no TLS.
    let required: Bool
    /// What is checked of the server's certificate, for messages: `none`, `the chain against FILE`, ...
    let checks: String

    /// libpq's default root certificate file, consulted when `sslrootcert` is not given.
    static var defaultRootCert: String {
        (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + "/.postgresql/root.crt"
    }

    /// Reads the root certificates now, so that a missing or unreadable file is an error before any connection.
    init(_ location: QueueDatabase.PostgresLocation) throws {
        let mode = location.sslMode
        guard mode != .disable else {
            configuration = nil; required = false; checks = "no TLS"
            return
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        // libpq: `require` verifies the chain when a root certificate is there (given, or the default file exists).
        let root: String? = location.sslRootCert
            ?? ((mode == .require || mode == .verifyCA || mode == .verifyFull) && FileManager.default.fileExists(atPath: Self.defaultRootCert)
                ? Self.defaultRootCert : nil)
        let verifyChain = mode == .verifyCA || mode == .verifyFull || (mode == .require && root != nil)
        if verifyChain {
            guard let root else {
                throw RunQueueError.store("sslmode=\(mode.rawValue) needs the certificate authority that signed the server's certificate: "
                    + "add sslrootcert=FILE (a PEM file) to the URL, put it at \(Self.defaultRootCert), or use sslrootcert=system "
                    + "for the system's trust store")
            }
            if root != "system" {
                do {
                    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(root))
                } catch {
                    throw RunQueueError.store("sslrootcert \(root): cannot read PEM certificates (\(error))")
                }
            }
            tls.certificateVerification = mode == .verifyFull ? .fullVerification : .noHostnameVerification
            checks = (mode == .verifyFull ? "the chain and the host name" : "the chain") + " against " + (root == "system" ? "the system's trust store" : root)
        } else {
            tls.certificateVerification = .none
            checks = "nothing (the certificate is not checked)"
        }
        configuration = tls
        required = mode != .prefer
    }

    /// The pool's setting.
    var client: PostgresClient.Configuration.TLS {
        guard let configuration else { return .disable }
        return required ? .require(configuration) : .prefer(configuration)
    }

    /// A single connection's setting (the probe ``PostgresRunQueue/migrate()`` opens first).
    func connection() throws -> PostgresConnection.Configuration.TLS {
        guard let configuration else { return .disable }
        let context = try NIOSSLContext(configuration: configuration)
        return required ? .require(context) : .prefer(context)
    }

    /// A connection failure in words: a certificate that does not verify, a host name the certificate does not
    /// name and a server without TLS are named as such; anything else as postgres-nio reports it.
    static func describe(_ error: any Error, _ location: QueueDatabase.PostgresLocation, checks: String) -> String {
        let setting = "sslmode=\(location.sslMode.rawValue)"
        var cause: any Error = error
        if let psql = error as? PSQLError {
            if psql.code == .sslUnsupported {
                return "the server does not offer TLS, and \(setting) requires it (use sslmode=prefer or disable, or turn ssl on in postgresql.conf)"
            }
            if let underlying = psql.underlying { cause = underlying }
        }
        if let extra = cause as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "TLS certificate verification failed: the server's certificate does not name the host '\(location.host)' "
                + "(\(setting) checks \(checks)); connect by a name the certificate lists, or use sslmode=verify-ca (\(extra))"
        }
        let text = String(reflecting: cause)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "TLS certificate verification failed: the server's certificate does not chain to a trusted root "
                + "(\(setting) checks \(checks)): \(text)"
        }
        if cause is NIOSSLError { return "TLS handshake failed (\(setting)): \(text)" }
        return String(reflecting: error)
    }
}
