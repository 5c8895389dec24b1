import Foundation
import Harness

/// Runs `gnuplot <name>.gp` in the plots directory (Foundation `Process`), the way a user would.
package struct GnuplotRenderer: Sendable {
    /// The gnuplot executable; nil renders nothing.
    package let executable: URL?
    /// Seconds one script may take before it is terminated.
    package let timeoutSeconds: Double
    /// Why there is no executable (shown to the user).
    package let unavailableReason: String

    package init(executable: URL?, timeoutSeconds: Double = 120, unavailableReason: String = "rendering was switched off") {
        self.executable = executable
        self.timeoutSeconds = timeoutSeconds
        self.unavailableReason = unavailableReason
    }

    /// `$SYNTHBENCH_GNUPLOT` when set (a path; empty or `none` turns rendering off), else `gnuplot` on `PATH`.
    package static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> GnuplotRenderer {
        if let chosen = environment["SYNTHBENCH_GNUPLOT"] {
            let off = chosen.isEmpty || chosen == "none"
            return GnuplotRenderer(executable: off ? nil : URL(fileURLWithPath: chosen),
                                   unavailableReason: "SYNTHBENCH_GNUPLOT is set to '\(chosen)'")
        }
        return GnuplotRenderer(executable: ExecutableLookup.locate("gnuplot", path: environment["PATH"] ?? ""),
                               unavailableReason: "gnuplot was not found on PATH")
    }

    package enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case failed(status: Int32, stderr: String)
        case timedOut(seconds: Double)
        case missingOutput(String)
        case launch(String)

        package var description: String {
            switch self {
            case .notInstalled: return "gnuplot is not installed"
            case .failed(let status, let stderr): return "gnuplot exited with status \(status): \(stderr)"
            case .timedOut(let s): return "gnuplot took longer than \(s) s and was stopped"
            case .missingOutput(let file): return "gnuplot finished but did not write \(file)"
            case .launch(let why): return "cannot start gnuplot: \(why)"
            }
        }
    }

    /// Renders `directory/<name>.gp`; returns the images it produced (`<name>.png`, `<name>.svg`), each
    /// checked to exist and be non-empty.
    package func render(figure name: String, in directory: URL) throws(Failure) -> [URL] {
        guard let executable else { throw .notInstalled }
        let result: BoundedProcess.Result
        do { result = try BoundedProcess.run(executable, ["\(name).gp"], in: directory, timeoutSeconds: timeoutSeconds) } catch {
            throw .launch(error.localizedDescription)
        }
        guard let status = result.status else { throw .timedOut(seconds: timeoutSeconds) }
        guard status == 0 else {
            throw .failed(status: status, stderr: result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var images: [URL] = []
        for ext in ["png", "svg"] {
            let url = directory.appendingPathComponent("\(name).\(ext)")
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            guard size > 0 else { throw .missingOutput(url.lastPathComponent) }
            images.append(url)
        }
        return images
    }
}
