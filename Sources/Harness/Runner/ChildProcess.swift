import Foundation

/// A child process started with `posix_spawn` in a process group of its own (so that signals reach it and
/// anything it starts, and a Ctrl-C on the terminal reaches only the runner, which then stops the cells in
/// order), with standard output and error appended to a log file, and reaped with `wait4` for its own
/// resource usage (user and system CPU). Foundation's `Process` cannot be used: it reaps the child itself.
package final class ChildProcess {
    package let pid: pid_t

    /// How a child ended, with the CPU time `wait4` reported for it (and its reaped descendants).
    package struct Termination: Sendable, Equatable {
        package enum Reason: Sendable, Equatable, CustomStringConvertible {
            case exited(code: Int32)
            case signaled(signal: Int32, coreDumped: Bool)

            package var description: String {
                switch self {
                case .exited(let code): "exit code \(code)"
                case .signaled(let s, let core): "killed by signal \(ChildProcess.signalName(s)) (\(s))\(core ? ", core dumped" : "")"
                }
            }
        }
        package var reason: Reason
        package var userCPUSeconds: Double
        package var systemCPUSeconds: Double
    }

    package struct SpawnError: Error, CustomStringConvertible {
        package var executable: String
        package var code: Int32
        package var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
    }

    private init(pid: pid_t) { self.pid = pid }

    /// Starts `executable` with `arguments` (not including argv[0]) and exactly `environment`; standard
    /// input is /dev/null, standard output and error are appended to `log` (created if needed).
    package static func spawn(executable: String, arguments: [String], environment: [String: String],
                             log: URL) throws(SpawnError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group; no blocked signals; default dispositions for the signals the runner ignores.
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGPIPE, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw SpawnError(executable: executable, code: rc) }
        return ChildProcess(pid: pid)
    }

    /// Reaps the child if it has ended (non-blocking); nil while it runs.
    package func poll() -> Termination? { wait(options: WNOHANG) }

    /// Blocks until the child ends.
    package func waitForExit() -> Termination {
        while true { if let t = wait(options: 0) { return t } }
    }

    private func wait(options: Int32) -> Termination? {
        var status: Int32 = 0
        var usage = rusage()
        let r = wait4(pid, &status, options, &usage)
        if r == 0 { return nil }
        if r < 0 {
            if errno == EINTR { return nil }
            // ECHILD: someone else reaped it; nothing is known about how it ended.
            return Termination(reason: .exited(code: -1), userCPUSeconds: 0, systemCPUSeconds: 0)
        }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        // WIFEXITED / WTERMSIG are macros that do not import: decode the status word by hand.
        let low = status & 0x7f
        let reason: Termination.Reason = low == 0
            ? .exited(code: (status >> 8) & 0xff)
            : .signaled(signal: low, coreDumped: status & 0x80 != 0)
        return Termination(reason: reason, userCPUSeconds: seconds(usage.ru_utime), systemCPUSeconds: seconds(usage.ru_stime))
    }

    /// Sends `signal` to the child's process group (the child and everything it started).
    package func signalGroup(_ signal: Int32) {
        if kill(-pid, signal) != 0 { kill(pid, signal) }
    }

    /// `SIGABRT`, `SIGKILL`, ...; `signal N` for others.
    package static func signalName(_ s: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
            SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
            SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGSYS: "SIGSYS",
        ]
        return names[s] ?? "signal \(s)"
    }
}
