import Foundation

/// Runs an external program to its end within a time limit, its standard error captured and its output
/// discarded: how the renderers run gnuplot (``GnuplotRenderer``) and Chromium (``ChromiumPrinter``).
enum BoundedProcess {
    struct Result {
        /// The exit status; nil when the program was stopped by a signal (the time limit's, or another).
        var status: Int32?
        var stderr: String
    }

    /// Throws only when the program cannot be started.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, timeoutSeconds: Double) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: watchdog)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        watchdog.cancel()
        return Result(status: process.terminationReason == .uncaughtSignal ? nil : process.terminationStatus, stderr: stderr)
    }
}
