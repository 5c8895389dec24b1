import Foundation
import SynthCore
import SynthMath
import SynthNN

/// Picks the OpenBLAS kernel at process start: ``KernelPolicy`` says which kernels to try, the cache or the
/// self-check child (``KernelProbe``) says which of them work, and the process re-executes itself with
/// `OPENBLAS_CORETYPE` set, because OpenBLAS reads the variable once, when the library loads (before `main`).
/// Children of the re-executed process (grid cells) inherit the variable and the record.
package enum KernelSelection {
    package enum Outcome: Equatable, Sendable {
        /// Keep running in this process; the record describes its kernel.
        case run(BLASKernelRecord)
        /// Re-execute with `OPENBLAS_CORETYPE=kernel` and the record in the environment.
        case reexecute(kernel: String, record: BLASKernelRecord)
    }

    /// The decision for a process running `core` (what OpenBLAS picked with this environment).
    /// - Parameters:
    ///   - cache: verdicts from earlier starts (nil: always check, remember nothing).
    ///   - probe: runs the self-check for one kernel (a child process in production).
    package static func resolve(environment: [String: String], flags: Set<String>, core: String, config: String,
                               cache: KernelCache?, cacheKey: KernelCache.Key,
                               probe: (String) -> BLASKernelRecord.Check) -> Outcome {
        // A kernel forced by the user or by the selecting parent, or a detection the parent already kept.
        let inherited = BLASKernelRecord.describing(environment: environment, core: core)
        if environment[KernelPolicy.coretypeKey] != nil || inherited.selection == .detected {
            return .run(inherited)
        }
        switch KernelPolicy.decide(flags: flags, detectedCore: core, config: config, environment: environment) {
        case .keep(let selection, let reason):
            return .run(BLASKernelRecord(core: core, detectedCore: core, selection: selection, reason: reason))
        case .tryKernels(let kernels, let reason):
            var checks = cache?.lookup(cacheKey) ?? []
            let cached = !checks.isEmpty
            if !cached {
                for kernel in kernels {
                    let check = probe(kernel)
                    checks.append(check)
                    if check.status == .passed { break }
                }
            }
            var note = ""
            if !cached, let cache {
                do { try cache.store(checks, for: cacheKey) } catch {
                    note = "; verdict not cached (\(cache.url.path): \(error.localizedDescription))"
                }
            }
            if let pass = checks.first(where: { $0.status == .passed && kernels.contains($0.kernel) }) {
                return .reexecute(kernel: pass.kernel, record: BLASKernelRecord(
                    core: pass.kernel, detectedCore: core, selection: .autoSelected,
                    reason: "\(reason); \(pass.kernel) passed the self-check" + note,
                    selfCheck: checks, selfCheckCached: cached))
            }
            return .run(BLASKernelRecord(
                core: core, detectedCore: core, selection: .detected,
                reason: "\(reason); no better kernel passed the self-check, so \(core) stays" + note,
                selfCheck: checks, selfCheckCached: cached))
        }
    }

    /// The first argument of the hidden subcommand that runs the self-check (it must not select itself).
    package static let selfCheckCommand = "blas-self-check"

    /// Call first in `main`: selects the kernel for this process and, when a better one passed the self-check,
    /// re-executes this executable with it (does not return then). Otherwise puts the record into the
    /// environment, for ``BLASKernelRecord/current`` and for child processes, and returns.
    package static func bootstrap(arguments: [String] = CommandLine.arguments) {
        if arguments.dropFirst().first == selfCheckCommand { return }
        let environment = ProcessInfo.processInfo.environment
        let flags = CPUFeatures.flags()
        let config = BLAS.config
        let key = KernelCache.Key(cpuFlags: flags, openblasConfig: config, openblasLibrary: KernelCache.loadedOpenBLAS())
        let probe = KernelProbe.ofThisExecutable(environment: environment)
        let outcome = resolve(environment: environment, flags: flags, core: BLAS.coreName, config: config,
                              cache: KernelCache.standard(environment: environment), cacheKey: key, probe: probe.check)
        switch outcome {
        case .run(let record):
            setenv(BLASKernelRecord.environmentKey, record.encodedForEnvironment(), 1)
        case .reexecute(let kernel, let record):
            setenv(KernelPolicy.coretypeKey, kernel, 1)
            setenv(BLASKernelRecord.environmentKey, record.encodedForEnvironment(), 1)
            let argv = arguments.map { strdup($0) } + [nil]
            execv(probe.executable, argv)
            // Only reached when execv failed: keep the detected kernel and say why.
            let failure = String(cString: strerror(errno))
            unsetenv(KernelPolicy.coretypeKey)
            var kept = record
            kept.core = BLAS.coreName; kept.selection = .detected
            kept.reason += "; but re-executing \(probe.executable) failed (\(failure)), so \(kept.core) stays"
            setenv(BLASKernelRecord.environmentKey, kept.encodedForEnvironment(), 1)
            for p in argv { free(p) }
        }
    }
}
