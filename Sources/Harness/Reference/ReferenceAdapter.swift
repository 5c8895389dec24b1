import SynthCore
import Evaluation
import Foundation
import Synthesizers

/// The Python adapter process of a reference cell (`PYTHON scripts/adapters/synthbench_adapter.py LIBRARY`),
/// a child of the cell process: commands go to its standard input and events come back on its standard
/// output, one JSON object per line; its standard error is the cell's (the cell log). The cell waits for it
/// and reaps it, so its CPU time is in the cell's `wait4` figures, and SynthBench reads its `VmHWM` from
/// `/proc/<pid>/status` while it is alive (docs/reference-backends.md, "Measurements").
final class ReferenceAdapter {
    /// The protocol version this SynthBench speaks; the adapter states its own in its `ready` event.
    static let protocolVersion = 1
    /// The library versions the adapter was written and checked against (a prefix of the version).
    static let supportedVersions: [Backend: [String]] = [.sdv: ["1.", "2."], .synthcity: ["0.2."]]

    /// A failure of the adapter or the library, with the adapter's own words and hint when it gave them.
    struct Failure: Error, CustomStringConvertible {
        var library: Backend
        var stage: String
        var message: String
        var hint: String?
        var description: String {
            "\(library.rawValue)-python: \(stage): \(message)" + (hint.map { "; \($0)" } ?? "")
        }
    }

    let library: Backend
    let pid: pid_t
    /// The `ready` event: library and package versions.
    private(set) var ready: [String: JSONValue] = [:]
    private let input: FileHandle
    private let output: Int32
    private var buffer: [UInt8] = []
    private var reaped = false

    /// Starts the adapter and waits for its `ready` event; checks the protocol and the library version.
    init(python: String, adapter: String, library: Backend, context: SynthesisContext) throws {
        self.library = library
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            throw Failure(library: library, stage: "start", message: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        for fd in [toChild[0], toChild[1], fromChild[0], fromChild[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        let arguments: [String] = [python, adapter, library.rawValue]
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var child: pid_t = 0
        // Default dispositions for the signals the cell handles or ignores, so that a SIGTERM to the cell's
        // process group (a timeout, an interrupt) stops the adapter too.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGPIPE, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let rc = posix_spawnp(&child, python, &actions, &attributes, argv, envp)
        close(toChild[0]); close(fromChild[1])
        guard rc == 0 else {
            close(toChild[1]); close(fromChild[0])
            throw Failure(library: library, stage: "start", message: "cannot start \(python): \(String(cString: strerror(rc)))",
                          hint: "give the Python of an environment with \(library.rawValue) installed (--python, SYNTHBENCH_PYTHON or the spec's python)")
        }
        pid = child
        input = FileHandle(fileDescriptor: toChild[1], closeOnDealloc: true)
        output = fromChild[0]
        let event = try receive(expecting: "ready", context: context)
        ready = event
        let spoken: Int? = if case .number(let p) = event["protocol"] { Int(exactly: p) } else { nil }
        guard spoken == Self.protocolVersion else {
            throw Failure(library: library, stage: "start",
                          message: "the adapter speaks protocol \(spoken.map(String.init) ?? "none"), this SynthBench \(Self.protocolVersion)",
                          hint: "use the adapter shipped with this SynthBench (scripts/adapters/synthbench_adapter.py)")
        }
        let version = libraryVersion ?? "unknown"
        guard Self.supportedVersions[library, default: []].contains(where: version.hasPrefix) else {
            throw Failure(library: library, stage: "start",
                          message: "\(library.rawValue) \(version) is not a version this adapter was written for (\(Self.supportedVersions[library, default: []].map { $0 + "x" }.joined(separator: ", ")))")
        }
    }

    deinit {
        if !reaped {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        close(output)
    }

    var libraryVersion: String? { if case .string(let v) = ready["library_version"] { v } else { nil } }

    /// Sends one command and waits for the event that answers it.
    func request(_ command: [String: JSONValue], expecting event: String, context: SynthesisContext) throws -> [String: JSONValue] {
        let data = try SynthJSON.encoder().encode(JSONValue.object(command))
        do { try input.write(contentsOf: data + [UInt8(ascii: "\n")]) } catch {
            throw try ended(context: context, stage: event)
        }
        return try receive(expecting: event, context: context)
    }

    /// The adapter's peak resident memory so far (its `VmHWM`), in MB.
    var peakResidentMB: Double? { ProcessMemory.peakRSSMB(pid: pid) }

    /// Asks the adapter to exit and reaps it.
    func finish() {
        guard !reaped else { return }
        try? input.write(contentsOf: Data("{\"command\":\"exit\"}\n".utf8))
        try? input.close()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
    }

    /// Reads lines until the expected event (or an `error` event); checks cancellation every 200 ms.
    private func receive(expecting expected: String, context: SynthesisContext) throws -> [String: JSONValue] {
        while true {
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                guard let value = try? SynthJSON.decoder().decode(JSONValue.self, from: Data(line)),
                      case .object(let event) = value, case .string(let name) = event["event"] else {
                    throw Failure(library: library, stage: expected,
                                  message: "the adapter wrote a line that is not a protocol event: \(String(decoding: line.prefix(200), as: UTF8.self))")
                }
                if name == expected { return event }
                if name == "error" { throw Self.failure(event, library: library) }
            }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let n = poll(&descriptor, 1, 200)
            if n < 0 && errno == EINTR { continue }
            if context.cancellation.isCancelled { kill(pid, SIGTERM); throw SynthesisError.cancelled }
            if n == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = read(output, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { throw try ended(context: context, stage: expected) }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// The adapter closed its output: reap it and say how it ended.
    private func ended(context: SynthesisContext, stage: String) throws -> Error {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        if context.cancellation.isCancelled { return SynthesisError.cancelled }
        let low = status & 0x7f
        let how = low == 0 ? "exit code \((status >> 8) & 0xff)" : "signal \(ChildProcess.signalName(low))"
        return Failure(library: library, stage: stage, message: "the adapter ended (\(how)) without answering; the cell log has its output")
    }

    static func failure(_ event: [String: JSONValue], library: Backend) -> Failure {
        func text(_ key: String) -> String? { if case .string(let s) = event[key] { s } else { nil } }
        let type = text("type").map { "\($0): " } ?? ""
        return Failure(library: library, stage: text("stage") ?? "?", message: type + (text("message") ?? "no message"),
                       hint: text("hint"))
    }
}
