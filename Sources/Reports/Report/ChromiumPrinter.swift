import Foundation
import Harness
import SynthCore

/// Prints an HTML file to PDF with headless Chromium (`--print-to-pdf`), the way the report's `--pdf`
/// makes its PDF: the same page, laid out by the page's print CSS. Run with Foundation `Process`, a
/// throw-away profile directory (so parallel prints do not share a profile lock), and a time limit.
package struct ChromiumPrinter: Sendable {
    /// The Chromium executable; nil when none was found.
    package let executable: URL?
    package let timeoutSeconds: Double
    /// Why there is no executable (shown to the user with how to install one).
    package let unavailableReason: String
    /// Flushes the printed PDF and renames it into place (the seam the fault tests use).
    package let fileWriter: any FileWriter

    package static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    package init(executable: URL?, timeoutSeconds: Double = 120, unavailableReason: String = "",
                 fileWriter: any FileWriter = SystemFileWriter()) {
        self.executable = executable; self.timeoutSeconds = timeoutSeconds; self.unavailableReason = unavailableReason
        self.fileWriter = fileWriter
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
        /// The printed PDF could not be put in place; the previous PDF, if any, is left as it was.
        case unpublished(OutputError)
        /// Chromium failed (`chromium`: what it said) and a probe write beside the PDF fails with a storage
        /// error: the disk is full or failing, which Chromium's own message does not say.
        case storage(OutputError, chromium: String)

        package var description: String {
            switch self {
            case .notInstalled(let reason):
                return "cannot print the PDF: \(reason). Install Chromium with `apt-get install chromium` "
                    + "(or `scripts/setup.sh --browser`), or set SYNTHBENCH_CHROMIUM to its path"
            case .launch(let why): return "cannot start Chromium: \(why)"
            case .failed(let status, let stderr): return "Chromium exited with status \(status): \(stderr)"
            case .timedOut(let s): return "Chromium took longer than \(s) s and was stopped"
            case .noPDF(let why): return "Chromium did not write a PDF: \(why)"
            case .unpublished(let error): return error.description
            case .storage(let error, let chromium):
                return "Chromium could not print the PDF (\(chromium)), and writing beside it fails: \(error.description)"
            }
        }

        /// The storage error behind the failure, when there is one (a worker stops on a full disk).
        package var outputError: OutputError? {
            switch self {
            case .unpublished(let error), .storage(let error, _): error
            default: nil
            }
        }
    }

    /// Prints `html` to `pdf`: Chromium writes a temporary sibling, which is flushed and then renamed over
    /// `pdf` (``AtomicFile/publish(_:over:syncingDirectory:using:)``), so a reader sees the old PDF or the
    /// new one, and a failure at any step leaves the old one.
    package func printPDF(html: URL, to pdf: URL) throws(Failure) {
        guard let executable else { throw .notInstalled(reason: unavailableReason) }
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("synthbench-chromium-\(UUID().uuidString)")
        let partial = AtomicFile.temporarySibling(of: pdf)
        defer { try? fm.removeItem(at: scratch); try? fm.removeItem(at: partial) }
        do throws(Failure) {
            try run(executable, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                 "--user-data-dir=\(scratch.path)", "--print-to-pdf=\(partial.path)", html.absoluteURL.absoluteString])
            guard let head = try? FileHandle(forReadingFrom: partial).read(upToCount: 5), head == Data("%PDF-".utf8) else {
                throw .noPDF("\(partial.path) is missing or does not start with %PDF-")
            }
        } catch {
            if let storage = storageFailure(beside: pdf) { throw .storage(storage, chromium: error.description) }
            throw error
        }
        do throws(OutputError) {
            try fileWriter.syncFile(partial)
            try AtomicFile.publish(partial, over: pdf, syncingDirectory: true, using: fileWriter)
        } catch {
            throw .unpublished(error)
        }
    }

    /// Chromium says nothing useful when the disk fills (a status, or no file): after its failure, a small probe
    /// file written (and flushed) beside the PDF tells a full or failing disk from a browser that failed.
    private func storageFailure(beside pdf: URL) -> OutputError? {
        do throws(OutputError) {
            try fileWriter.probeWrite(in: pdf.deletingLastPathComponent(), bytes: 4096)
            return nil
        } catch {
            return error.isStorageFailure ? error : nil
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
