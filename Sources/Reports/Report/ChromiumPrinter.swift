import Foundation
import Harness

/// Prints an HTML file to PDF with headless Chromium (`--print-to-pdf`), the way the report's `--pdf`
/// makes its PDF: the same page, laid out by the page's print CSS. Run with Foundation `Process`, a
/// throw-away profile directory (so parallel prints do not share a profile lock), and a time limit.
package struct ChromiumPrinter: Sendable {
    /// The Chromium executable; nil when none was found.
    package let executable: URL?
    package let timeoutSeconds: Double
    /// Why there is no executable (shown to the user with how to install one).
    package let unavailableReason: String

    package static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    package init(executable: URL?, timeoutSeconds: Double = 120, unavailableReason: String = "") {
        self.executable = executable; self.timeoutSeconds = timeoutSeconds; self.unavailableReason = unavailableReason
    }

    /// `$SYNTHBENCH_CHROMIUM` when set (a path; empty or `none` means no browser), else the first of
    /// ``names`` on `PATH`.
    package static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ChromiumPrinter {
        if let chosen = environment["SYNTHBENCH_CHROMIUM"] {
            let off = chosen.isEmpty || chosen == "none"
            return ChromiumPrinter(executable: off ? nil : URL(fileURLWithPath: chosen),
                                   unavailableReason: "SYNTHBENCH_CHROMIUM is set to '\(chosen)'")
        }
        let path = environment["PATH"] ?? ""
        return ChromiumPrinter(executable: names.lazy.compactMap { ExecutableLookup.locate($0, path: path) }.first,
                               unavailableReason: "no Chromium on PATH (looked for \(names.joined(separator: ", ")))")
    }

    package enum Failure: Error, CustomStringConvertible, Equatable {
        case notInstalled(reason: String)
        case launch(String)
        case failed(status: Int32, stderr: String)
        case timedOut(seconds: Double)
        case noPDF(String)

        package var description: String {
            switch self {
            case .notInstalled(let reason):
                return "cannot print the PDF: \(reason). Install Chromium with `apt-get install chromium` "
                    + "(or `scripts/setup.sh --browser`), or set SYNTHBENCH_CHROMIUM to its path"
            case .launch(let why): return "cannot start Chromium: \(why)"
            case .failed(let status, let stderr): return "Chromium exited with status \(status): \(stderr)"
            case .timedOut(let s): return "Chromium took longer than \(s) s and was stopped"
            case .noPDF(let why): return "Chromium did not write a PDF: \(why)"
            }
        }
    }

    /// Prints `html` to `pdf` (written beside it under a temporary name, then moved into place).
    package func printPDF(html: URL, to pdf: URL) throws(Failure) {
        guard let executable else { throw .notInstalled(reason: unavailableReason) }
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("synthbench-chromium-\(UUID().uuidString)")
        let partial = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        defer { try? fm.removeItem(at: scratch); try? fm.removeItem(at: partial) }
        try run(executable, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync",
                             "--user-data-dir=\(scratch.path)", "--print-to-pdf=\(partial.path)", html.absoluteURL.absoluteString])
        guard let head = try? FileHandle(forReadingFrom: partial).read(upToCount: 5), head == Data("%PDF-".utf8) else {
            throw .noPDF("\(partial.path) is missing or does not start with %PDF-")
        }
        do {
            if fm.fileExists(atPath: pdf.path) { try fm.removeItem(at: pdf) }
            try fm.moveItem(at: partial, to: pdf)
        } catch {
            throw .noPDF("cannot move it to \(pdf.path): \(error.localizedDescription)")
        }
    }

    private func run(_ executable: URL, _ arguments: [String]) throws(Failure) {
        let result: BoundedProcess.Result
        do { result = try BoundedProcess.run(executable, arguments, timeoutSeconds: timeoutSeconds) } catch {
            throw .launch(error.localizedDescription)
        }
        guard let status = result.status else { throw .timedOut(seconds: timeoutSeconds) }
        guard status == 0 else {
            throw .failed(status: status, stderr: String(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).suffix(2000)))
        }
    }
}
