import Foundation
import SynthMath
import SynthTable
import Synthesizers

/// Methods that exist only to test the runner: they crash, sleep or allocate on purpose. They are
/// registered on both backends only when `SYNTHBENCH_TEST_METHODS=1` is set, so no real grid can name
/// them by accident.
///
/// - `test-crash`: calls `abort()` in `fit` (the cell process dies of SIGABRT).
/// - `test-sleep`: sleeps `seconds` in `fit` in 20 ms steps, checking cancellation at each step unless
///   `honour_cancel` is false (then only SIGKILL stops it); with `until_file`, then also until that file
///   exists (a test holds a cell in its fit until it writes the file); samples a bootstrap resample of the
///   training rows.
/// - `test-alloc`: allocates `megabytes` × 10⁶ bytes in `fit` and writes one byte per 4 KiB page (so every
///   page becomes resident), frees them when `fit` returns, then samples like `identity`: the training rows,
///   resampled with replacement when `count` differs from their number.
package enum TestMethods {
    /// The environment variable that turns the test-only methods on.
    package static let environmentKey = "SYNTHBENCH_TEST_METHODS"

    /// Registers the methods when the environment asks for them; returns whether it did.
    @discardableResult
    package static func registerIfEnabled(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard environment[environmentKey] == "1" else { return false }
        register()
        return true
    }

    /// Registers the methods on both backends (idempotent).
    package static func register() {
        for backend in Backend.allCases {
            MethodCatalog.register(MethodDescriptor(
                name: "test-crash", backend: backend, summary: "test only: aborts in fit", parameters: [],
                build: { _ in CrashingSynthesizer() }))
            MethodCatalog.register(MethodDescriptor(
                name: "test-sleep", backend: backend, summary: "test only: sleeps in fit, then resamples the rows",
                parameters: [
                    MethodParameter("seconds", .double(0...86_400), default: .double(1), help: "seconds to sleep in fit"),
                    MethodParameter("honour_cancel", .bool, default: .bool(true),
                                    help: "check cancellation while sleeping (false: only SIGKILL stops it)"),
                    MethodParameter("until_file", .text, default: .string(""),
                                    help: "after the seconds, sleep on until this file exists (empty: do not wait)"),
                ],
                build: { p in SleepingSynthesizer(seconds: p.double("seconds"), honourCancel: p.bool("honour_cancel"),
                                                  untilFile: p.string("until_file")) }))
            MethodCatalog.register(MethodDescriptor(
                name: "test-alloc", backend: backend, summary: "test only: touches memory in fit, then returns the rows",
                parameters: [
                    MethodParameter("megabytes", .int(0...1_000_000), default: .int(100),
                                    help: "MB (10^6 bytes) to allocate and touch in fit"),
                ],
                build: { p in AllocatingSynthesizer(megabytes: p.int("megabytes")) }))
        }
    }
}

/// The fitted state the test methods share: the training rows, handed back on `sample`.
class RowEchoSynthesizer: Synthesizer {
    var rows: Table?
    let name: String
    init(name: String) { self.name = name }

    func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws { rows = table }

    /// The training rows themselves when `count` equals their number and `resample` is off; otherwise
    /// `count` rows drawn with replacement.
    func sample(count: Int, seed: UInt64, context: SynthesisContext) throws -> Table {
        guard let rows else { throw SynthesisError.notFitted(method: name) }
        if count == rows.rowCount && !resample { return rows }
        guard rows.rowCount > 0 else { throw SynthesisError.invalidData("no training rows to resample") }
        var rng = RandomStream(seed: seed)
        return rows.selectingRows((0..<count).map { _ in rng.nextInt(below: rows.rowCount) })
    }

    var resample: Bool { true }
}

final class CrashingSynthesizer: RowEchoSynthesizer {
    init() { super.init(name: "test-crash") }
    override func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws { abort() }
}

final class SleepingSynthesizer: RowEchoSynthesizer {
    let seconds: Double
    let honourCancel: Bool
    /// A file to wait for after the seconds (empty: none).
    let untilFile: String
    init(seconds: Double, honourCancel: Bool, untilFile: String = "") {
        self.seconds = seconds; self.honourCancel = honourCancel; self.untilFile = untilFile
        super.init(name: "test-sleep")
    }

    override func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline || (!untilFile.isEmpty && !FileManager.default.fileExists(atPath: untilFile)) {
            if honourCancel { try context.checkCancellation() }
            Thread.sleep(forTimeInterval: 0.02)
        }
        try super.fit(table, metadata: metadata, context: context)
    }
}

final class AllocatingSynthesizer: RowEchoSynthesizer {
    let megabytes: Int
    init(megabytes: Int) {
        self.megabytes = megabytes
        super.init(name: "test-alloc")
    }

    override var resample: Bool { false }

    override func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws {
        let bytes = megabytes * 1_000_000
        if bytes > 0 {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
            defer { buffer.deallocate() }
            var offset = 0
            while offset < bytes {
                buffer.storeBytes(of: UInt8(truncatingIfNeeded: offset >> 12), toByteOffset: offset, as: UInt8.self)
                offset += 4096
            }
            // Read the pages back so the writes cannot be optimised away.
            var sum = 0
            offset = 0
            while offset < bytes { sum &+= Int(buffer.load(fromByteOffset: offset, as: UInt8.self)); offset += 4096 }
            context.logger.debug("touched memory", metadata: ["megabytes": "\(megabytes)", "checksum": "\(sum)"])
        }
        try super.fit(table, metadata: metadata, context: context)
    }
}
