import ArgumentParser
import Foundation
import Harness
import SynthCore
import SynthMath

/// `synthbench blas-self-check` (hidden): checks the BLAS and LAPACK routines under the kernel OpenBLAS runs
/// in this process and prints one JSON line (``KernelProbe/Report``). Started by the kernel selection with
/// `OPENBLAS_CORETYPE` set to the kernel under test; exit status 0 when it passed, 1 when a routine was wrong.
struct BLASSelfCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: KernelSelection.selfCheckCommand,
        abstract: "Check sgemm, dgemm, sgemv, dpotrf, dsyevd and dgesv under the current OpenBLAS kernel.",
        shouldDisplay: false)

    func run() throws {
        BLAS.setThreads(1)
        let core = BLAS.coreName
        var routines = KernelSelfCheck.Routines.openBLAS
        switch KernelSelfCheck.Fault.requested(in: ProcessInfo.processInfo.environment, core: core) {
        case .sigill?: raise(SIGILL)
        case .wrongSgemm?: routines = routines.withWrongSgemm()
        case nil: break
        }
        let verdict = KernelSelfCheck(routines: routines).run()
        let encoder = SynthJSON.encoder()
        print(String(decoding: try encoder.encode(KernelProbe.Report(core: core, verdict: verdict)), as: UTF8.self))
        if !verdict.passed { throw ExitCode(1) }
    }
}
