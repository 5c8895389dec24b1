import Foundation
import Harness
import Service
import SynthTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `synthbench serve` on an address it cannot listen on names the address and the options that set it (it said
/// only 'bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)').
@Suite struct ListenTests {
    /// A loopback TCP socket listening on a port the system chose, held until `close`.
    struct HeldPort {
        let fd: Int32
        let port: Int

        init() throws {
            let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socketFD >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(socketFD, pointer, length) == 0 && listen(socketFD, 1) == 0 && getsockname(socketFD, pointer, &length) == 0
                }
            }
            guard bound else { Glibc.close(socketFD); throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            fd = socketFD
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        func close() { Glibc.close(fd) }
    }

    @Test func aPortInUseIsNamedWithTheOptions() async throws {
        let held = try HeldPort()
        defer { held.close() }
        let results = try SynthBenchBinary.temporaryDirectory("listen")
        defer { try? FileManager.default.removeItem(at: results) }
        let service = SynthBenchService(
            queue: InMemoryRunQueue(),
            verifier: try await TokenVerifier(key: .hs256(secret: ServiceHarness.secret), issuer: ServiceHarness.issuer),
            settings: ServiceSettings(host: "127.0.0.1", port: held.port, resultsDirectory: results,
                                      build: ServiceHarness.build), availableDatasets: nil)
        let error = await #expect(throws: SynthBenchService.CannotListen.self) { try await service.run() }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.hasPrefix("cannot listen on 127.0.0.1:\(held.port) (--host, --port): "), "\(text)")
        #expect(text.contains("Address already in use"), "\(text)")
    }
}
