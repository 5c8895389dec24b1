import Foundation
import SynthCore

/// Runs the self-check for one kernel in a child process (`synthbench blas-self-check` with
/// `OPENBLAS_CORETYPE` set) and turns how it ended into a verdict: a signal (SIGILL on a CPU without the
/// kernel's instructions) is `crashed`, a report of another core is `unavailable`, a wrong result `failed`.
package struct KernelProbe: Sendable {
    /// What the check child prints on its last line of standard output (one JSON object).
    package struct Report: Codable, Sendable, Equatable {
        /// The kernel OpenBLAS ran in the child.
        package var core: String
        package var passed: Bool
        package var failures: [String]
        package var worstErrorRatio: Double
        package var cases: Int

        package init(core: String, verdict: KernelSelfCheck.Verdict) {
            self.core = core; passed = verdict.passed; failures = verdict.failures
            worstErrorRatio = verdict.worstErrorRatio; cases = verdict.cases
        }

        enum CodingKeys: String, CodingKey {
            case core, passed, failures, worstErrorRatio = "worst_error_ratio", cases
        }
    }

    package var executable: String
    package var arguments: [String]
    /// The child's environment before ``KernelPolicy/coretypeKey`` is set for the kernel under test.
    package var environment: [String: String]
    package var timeoutSeconds: Double

    package init(executable: String, arguments: [String] = ["blas-self-check"],
                environment: [String: String] = ProcessInfo.processInfo.environment, timeoutSeconds: Double = 120) {
        self.executable = executable; self.arguments = arguments
        self.environment = environment; self.timeoutSeconds = timeoutSeconds
    }

    /// This executable (`/proc/self/exe` resolved), checking itself.
    package static func ofThisExecutable(environment: [String: String] = ProcessInfo.processInfo.environment) -> KernelProbe {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return KernelProbe(executable: path, environment: environment)
    }

    /// Runs the check child for `kernel` and judges it.
    package func check(_ kernel: String) -> BLASKernelRecord.Check {
        var env = environment
        env[KernelPolicy.coretypeKey] = kernel
        env[KernelPolicy.autoselectKey] = "0"
        env["OPENBLAS_NUM_THREADS"] = "1"
        env["SWIFT_BACKTRACE"] = "enable=no"  // a crash should end the child at once, not symbolicate
        env.removeValue(forKey: BLASKernelRecord.environmentKey)
        let log = FileManager.default.temporaryDirectory
            .appendingPathComponent("synthbench-blas-self-check-\(getpid())-\(kernel).log")
        try? FileManager.default.removeItem(at: log)
        defer { try? FileManager.default.removeItem(at: log) }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(executable: executable, arguments: arguments, environment: env, log: log)
        } catch {
            return .init(kernel: kernel, status: .error, detail: error.description)
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var ended = child.poll()
        while ended == nil {
            if Date() > deadline {
                child.signalGroup(SIGKILL)
                _ = child.waitForExit()
                return .init(kernel: kernel, status: .error, detail: "no verdict within \(Int(timeoutSeconds)) s")
            }
            usleep(5_000)
            ended = child.poll()
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Self.judge(kernel: kernel, termination: ended!.reason, output: output)
    }

    /// The verdict from how the child ended and what it printed (stdout and stderr interleaved).
    package static func judge(kernel: String, termination: ChildProcess.Termination.Reason,
                             output: String) -> BLASKernelRecord.Check {
        if case .signaled = termination {
            return .init(kernel: kernel, status: .crashed, detail: "the check process was \(termination)")
        }
        let lines = output.split(separator: "\n")
        let report = lines.reversed().lazy.compactMap {
            try? SynthJSON.decoder().decode(Report.self, from: Data($0.utf8))
        }.first
        // Exit 0 is a pass, 1 a failed check; both print a report.
        guard case .exited(let code) = termination, code == 0 || code == 1, let report else {
            let tail = lines.suffix(3).joined(separator: " / ")
            return .init(kernel: kernel, status: .error,
                         detail: "the check process ended with \(termination) and no verdict\(tail.isEmpty ? "" : ": \(tail)")")
        }
        if report.core.caseInsensitiveCompare(kernel) != .orderedSame {
            return .init(kernel: kernel, status: .unavailable,
                         detail: "OpenBLAS ran \(report.core) when asked for \(kernel)")
        }
        if !report.passed {
            return .init(kernel: kernel, status: .failed,
                         detail: report.failures.prefix(3).joined(separator: "; ")
                             + (report.failures.count > 3 ? "; and \(report.failures.count - 3) more" : ""),
                         worstErrorRatio: report.worstErrorRatio)
        }
        return .init(kernel: kernel, status: .passed, detail: "\(report.cases) cases", worstErrorRatio: report.worstErrorRatio)
    }
}
