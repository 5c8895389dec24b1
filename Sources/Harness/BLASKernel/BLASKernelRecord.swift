import Foundation
import SynthCore
import SynthMath

/// Which OpenBLAS kernel this process runs and why: written into `environment.json` (`blas.selection`),
/// every cell record (`blas_kernel`) and `bench` output, and printed by `synthbench doctor`.
///
/// The process that selects a kernel re-executes itself with `OPENBLAS_CORETYPE` set and this record in
/// ``environmentKey``; its children (grid cells) inherit both, so they report the same selection.
package struct BLASKernelRecord: Codable, Sendable, Equatable {
    package enum Selection: String, Codable, Sendable {
        /// SynthBench set `OPENBLAS_CORETYPE` to a kernel that passed the self-check.
        case autoSelected = "auto_selected"
        /// OpenBLAS's own detection: already the best kernel, or no better one passed the self-check.
        case detected
        /// `OPENBLAS_CORETYPE` came from the user; never overridden.
        case setByUser = "set_by_user"
        /// `SYNTHBENCH_BLAS_AUTOSELECT=0`.
        case disabled
        /// This process did not run the selection (e.g. a test process); OpenBLAS's own detection.
        case notSelected = "not_selected"
    }

    /// One kernel's self-check verdict.
    package struct Check: Codable, Sendable, Equatable {
        package enum Status: String, Codable, Sendable {
            /// Every routine matched the naive reference.
            case passed
            /// A routine gave a wrong result (``detail`` names it and the error).
            case failed
            /// The check process died by a signal (e.g. SIGILL: the CPU lacks an instruction).
            case crashed
            /// This OpenBLAS ran another kernel when asked for this one (it does not offer it).
            case unavailable
            /// The check process could not start, or exited without a verdict, or timed out.
            case error
        }
        package var kernel: String
        package var status: Status
        @NullWhenAbsent package var detail: String?
        /// The largest error relative to the routine's tolerance (below 1 passes), when it ran.
        @NullWhenAbsent package var worstErrorRatio: Double?

        package init(kernel: String, status: Status, detail: String? = nil, worstErrorRatio: Double? = nil) {
            self.kernel = kernel; self.status = status; self.detail = detail; self.worstErrorRatio = worstErrorRatio
        }

        enum CodingKeys: String, CodingKey { case kernel, status, detail, worstErrorRatio = "worst_error_ratio" }
    }

    /// The kernel OpenBLAS runs in this process (`openblas_get_corename`).
    package var core: String
    /// What OpenBLAS's own detection picked (null when the user forced a kernel, so it was never seen).
    @NullWhenAbsent package var detectedCore: String?
    package var selection: Selection
    /// One sentence for people.
    package var reason: String
    /// The self-checks behind the choice, in the order they were tried (empty when none was needed).
    package var selfCheck: [Check]
    /// Whether the verdicts came from the cache rather than a check run by this invocation.
    package var selfCheckCached: Bool

    package init(core: String, detectedCore: String?, selection: Selection, reason: String, selfCheck: [Check] = [],
                selfCheckCached: Bool = false) {
        self.core = core; self.detectedCore = detectedCore; self.selection = selection; self.reason = reason
        self.selfCheck = selfCheck; self.selfCheckCached = selfCheckCached
    }

    enum CodingKeys: String, CodingKey {
        case core, detectedCore = "detected_core", selection, reason, selfCheck = "self_check"
        case selfCheckCached = "self_check_cached"
    }

    /// The environment variable that carries the record from the selecting process to its re-executed self
    /// and to its children.
    package static let environmentKey = "SYNTHBENCH_BLAS_SELECTION"

    /// The record as one line of JSON (the value of ``environmentKey``).
    package func encodedForEnvironment() -> String {
        let encoder = SynthJSON.encoder()
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The record that describes a process with this environment, running `core`. A selection record in
    /// the environment counts only while `OPENBLAS_CORETYPE` still names its kernel; otherwise the user
    /// changed the variable and it is theirs.
    package static func describing(environment: [String: String], core: String) -> BLASKernelRecord {
        let forced = environment[KernelPolicy.coretypeKey]
        if let text = environment[environmentKey], let forced,
           var record = try? SynthJSON.decoder().decode(BLASKernelRecord.self, from: Data(text.utf8)),
           record.selection == .autoSelected, record.core.caseInsensitiveCompare(forced) == .orderedSame {
            if record.core.caseInsensitiveCompare(core) != .orderedSame {
                record.reason += "; but OpenBLAS runs \(core)"
                record.core = core
            }
            return record
        }
        if let forced {
            return BLASKernelRecord(core: core, detectedCore: nil, selection: .setByUser,
                                    reason: "OPENBLAS_CORETYPE=\(forced) set by user")
        }
        if let text = environment[environmentKey],
           let record = try? SynthJSON.decoder().decode(BLASKernelRecord.self, from: Data(text.utf8)),
           record.selection != .autoSelected, record.core.caseInsensitiveCompare(core) == .orderedSame {
            return record  // the detected kernel kept (no variable needed), by this process or its parent
        }
        return BLASKernelRecord(core: core, detectedCore: core, selection: .notSelected,
                                reason: "OpenBLAS detected \(core); this process did not run the kernel selection")
    }

    /// This process's record (from its environment, read with `getenv` so that the selection's own
    /// `setenv` counts, and the kernel OpenBLAS runs).
    package static var current: BLASKernelRecord {
        var environment: [String: String] = [:]
        for key in [KernelPolicy.coretypeKey, environmentKey] {
            if let value = getenv(key) { environment[key] = String(cString: value) }
        }
        return describing(environment: environment, core: BLAS.coreName)
    }

    /// `Cooperlake (auto-selected: ...)` for one line of text output.
    package var summary: String {
        let label: String = switch selection {
        case .autoSelected: "auto-selected"
        case .detected: "detected"
        case .setByUser: "set by user"
        case .disabled: "auto-selection off"
        case .notSelected: "detected, not selected"
        }
        let check = selfCheck.isEmpty ? ""
            : "; self-check " + selfCheck.map { "\($0.kernel) \($0.status.rawValue)" }.joined(separator: ", ")
                + (selfCheckCached ? " (cached)" : "")
        return "\(core) (\(label): \(reason)\(check))"
    }
}
