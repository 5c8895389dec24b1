import Foundation
import Testing
@testable import Harness
import SynthTestSupport

/// The selection: the policy's kernels are self-checked in order until one passes, a crash or a wrong result
/// falls back, verdicts are cached, and a kernel the user (or the selecting parent) set is kept.
@Suite struct KernelSelectionTests {
    static let flags = KernelPolicyTests.avx512bf16
    static let config = KernelPolicyTests.dynamic
    static let key = KernelCache.Key(cpuFlags: flags, openblasConfig: config, openblasLibrary: nil)

    /// A probe that answers from a table and records the kernels it was asked about.
    final class ScriptedProbe: @unchecked Sendable {
        var asked: [String] = []
        let answers: [String: BLASKernelRecord.Check.Status]
        init(_ answers: [String: BLASKernelRecord.Check.Status]) { self.answers = answers }
        func check(_ kernel: String) -> BLASKernelRecord.Check {
            asked.append(kernel)
            return .init(kernel: kernel, status: answers[kernel] ?? .unavailable)
        }
    }

    /// A cache inside a fresh temporary directory, which the test removes (`defer`).
    func temporaryCache() throws -> (KernelCache, root: URL) {
        let root = try SynthBenchBinary.temporaryDirectory("selection")
        return (KernelCache(url: root.appendingPathComponent("blas-kernel.json")), root)
    }

    func resolve(_ probe: ScriptedProbe, environment: [String: String] = [:], cache: KernelCache?) -> KernelSelection.Outcome {
        KernelSelection.resolve(environment: environment, flags: Self.flags, core: "Prescott", config: Self.config,
                                cache: cache, cacheKey: Self.key, probe: probe.check)
    }

    @Test func firstKernelThatPassesIsChosenAndCached() throws {
        let (cache, root) = try temporaryCache()
        defer { try? FileManager.default.removeItem(at: root) }
        let probe = ScriptedProbe(["Cooperlake": .crashed, "SkylakeX": .passed, "Haswell": .passed])
        guard case .reexecute(let kernel, let record) = resolve(probe, cache: cache) else {
            Issue.record("expected a re-execution"); return
        }
        #expect(kernel == "SkylakeX")
        #expect(probe.asked == ["Cooperlake", "SkylakeX"])
        #expect(record.core == "SkylakeX" && record.detectedCore == "Prescott" && record.selection == .autoSelected)
        #expect(record.selfCheck.map(\.status) == [.crashed, .passed] && !record.selfCheckCached)
        #expect(cache.lookup(Self.key) == record.selfCheck)

        // The next start uses the cache: no probe.
        let again = ScriptedProbe([:])
        guard case .reexecute("SkylakeX", let cached) = resolve(again, cache: cache) else {
            Issue.record("expected the cached choice"); return
        }
        #expect(again.asked.isEmpty && cached.selfCheckCached)
    }

    @Test func everyKernelFailingKeepsTheDetectedOne() throws {
        let (cache, root) = try temporaryCache()
        defer { try? FileManager.default.removeItem(at: root) }
        let probe = ScriptedProbe(["Cooperlake": .failed, "SkylakeX": .crashed, "Haswell": .error, "Sandybridge": .failed])
        guard case .run(let record) = resolve(probe, cache: cache) else { Issue.record("expected no re-execution"); return }
        #expect(probe.asked == ["Cooperlake", "SkylakeX", "Haswell", "Sandybridge"])
        #expect(record.core == "Prescott" && record.selection == .detected)
        #expect(record.reason.contains("no better kernel passed the self-check"))
        // The negative verdict is cached too: the next start does not re-check.
        let again = ScriptedProbe([:])
        guard case .run(let cached) = resolve(again, cache: cache) else { Issue.record("expected no re-execution"); return }
        #expect(again.asked.isEmpty && cached.selfCheckCached && cached.core == "Prescott")
    }

    @Test func aWrongGemmInTheCheckFallsBack() {
        // The real self-check with a faulty sgemm, judged as the child's report would be.
        let probe: (String) -> BLASKernelRecord.Check = { kernel in
            let verdict = KernelSelfCheck(routines: KernelSelfCheck.Routines.openBLAS.withWrongSgemm()).run()
            let report = KernelProbe.Report(core: kernel, verdict: verdict)
            let json = String(decoding: try! JSONEncoder().encode(report), as: UTF8.self)
            return KernelProbe.judge(kernel: kernel, termination: .exited(code: 1), output: "noise\n" + json + "\n")
        }
        let outcome = KernelSelection.resolve(environment: [:], flags: Self.flags, core: "Prescott", config: Self.config,
                                              cache: nil, cacheKey: Self.key, probe: probe)
        guard case .run(let record) = outcome else { Issue.record("expected a fallback"); return }
        #expect(record.core == "Prescott")
        #expect(record.selfCheck.count == 4 && record.selfCheck.allSatisfy { $0.status == .failed })
        #expect(record.selfCheck[0].detail?.hasPrefix("sgemm") == true)
    }

    @Test func aCrashingCheckChildFallsBack() {
        let crash = KernelProbe(executable: "/bin/sh", arguments: ["-c", "kill -ILL $$"], environment: [:])
        let outcome = KernelSelection.resolve(environment: [:], flags: KernelPolicyTests.avx2, core: "Core2",
                                              config: Self.config, cache: nil, cacheKey: Self.key, probe: crash.check)
        guard case .run(let record) = outcome else { Issue.record("expected a fallback"); return }
        #expect(record.core == "Core2" && record.selection == .detected)
        #expect(record.selfCheck.map(\.status) == [.crashed, .crashed])
        #expect(record.selfCheck[0].detail?.contains("SIGILL") == true)
    }

    @Test func userValueIsNeverOverridden() {
        let probe = ScriptedProbe(["Cooperlake": .passed])
        guard case .run(let record) = resolve(probe, environment: ["OPENBLAS_CORETYPE": "Haswell"], cache: nil) else {
            Issue.record("expected no re-execution"); return
        }
        #expect(probe.asked.isEmpty)
        #expect(record.selection == .setByUser && record.reason == "OPENBLAS_CORETYPE=Haswell set by user")
        #expect(record.detectedCore == nil)
    }

    @Test func optOutKeepsTheDetectedKernel() {
        let probe = ScriptedProbe(["Cooperlake": .passed])
        guard case .run(let record) = resolve(probe, environment: ["SYNTHBENCH_BLAS_AUTOSELECT": "0"], cache: nil) else {
            Issue.record("expected no re-execution"); return
        }
        #expect(probe.asked.isEmpty && record.selection == .disabled && record.core == "Prescott")
    }

    @Test func recordTravelsThroughTheEnvironment() {
        let selected = BLASKernelRecord(core: "Cooperlake", detectedCore: "Prescott", selection: .autoSelected,
                                        reason: "r", selfCheck: [.init(kernel: "Cooperlake", status: .passed)])
        let env = ["OPENBLAS_CORETYPE": "Cooperlake", BLASKernelRecord.environmentKey: selected.encodedForEnvironment()]
        // The re-executed process and its children report the selection.
        #expect(BLASKernelRecord.describing(environment: env, core: "Cooperlake") == selected)
        let probe = ScriptedProbe([:])
        #expect(KernelSelection.resolve(environment: env, flags: Self.flags, core: "Cooperlake", config: Self.config,
                                        cache: nil, cacheKey: Self.key, probe: probe.check) == .run(selected))
        #expect(probe.asked.isEmpty)
        // A user who changes the variable afterwards owns it.
        var changed = env
        changed["OPENBLAS_CORETYPE"] = "Haswell"
        #expect(BLASKernelRecord.describing(environment: changed, core: "Haswell").selection == .setByUser)
        // A forged or stale record without the variable does not count.
        #expect(BLASKernelRecord.describing(environment: [BLASKernelRecord.environmentKey: selected.encodedForEnvironment()],
                                            core: "Prescott").selection == .notSelected)
        // A kept detection is inherited by children as is.
        let kept = BLASKernelRecord(core: "Prescott", detectedCore: "Prescott", selection: .detected, reason: "k",
                                    selfCheck: [.init(kernel: "Cooperlake", status: .crashed)])
        #expect(BLASKernelRecord.describing(environment: [BLASKernelRecord.environmentKey: kept.encodedForEnvironment()],
                                            core: "Prescott") == kept)
    }
}

/// How the check child's ending becomes a verdict.
@Suite struct KernelProbeTests {
    static func report(core: String, passed: Bool) -> String {
        let verdict = KernelSelfCheck.Verdict(failures: passed ? [] : ["sgemm NN 7x5x3: error 9.0 x tolerance at (0, 0)"],
                                              worstErrorRatio: passed ? 0.02 : 9, cases: 43)
        return String(decoding: try! JSONEncoder().encode(KernelProbe.Report(core: core, verdict: verdict)), as: UTF8.self)
    }

    @Test func judgesEachEnding() {
        let pass = KernelProbe.judge(kernel: "SkylakeX", termination: .exited(code: 0), output: Self.report(core: "SkylakeX", passed: true))
        #expect(pass.status == .passed && pass.worstErrorRatio == 0.02)
        let fail = KernelProbe.judge(kernel: "SkylakeX", termination: .exited(code: 1), output: Self.report(core: "skylakex", passed: false))
        #expect(fail.status == .failed && fail.detail?.hasPrefix("sgemm NN 7x5x3") == true)
        let other = KernelProbe.judge(kernel: "SapphireRapids", termination: .exited(code: 0), output: Self.report(core: "Cooperlake", passed: true))
        #expect(other.status == .unavailable && other.detail == "OpenBLAS ran Cooperlake when asked for SapphireRapids")
        let crash = KernelProbe.judge(kernel: "Cooperlake", termination: .signaled(signal: SIGILL, coreDumped: false), output: "")
        #expect(crash.status == .crashed && crash.detail?.contains("SIGILL") == true)
        let silent = KernelProbe.judge(kernel: "Haswell", termination: .exited(code: 0), output: "hello\n")
        #expect(silent.status == .error)
        let died = KernelProbe.judge(kernel: "Haswell", termination: .exited(code: 2), output: Self.report(core: "Haswell", passed: true))
        #expect(died.status == .error)
    }

    @Test func runsAChild() {
        let printing = KernelProbe(executable: "/bin/sh", arguments: ["-c", "echo '\(Self.report(core: "Haswell", passed: true))'"],
                                   environment: [:])
        #expect(printing.check("Haswell").status == .passed)
        #expect(printing.check("SkylakeX").status == .unavailable)
        // The child sees the kernel under test in OPENBLAS_CORETYPE.
        let echoing = KernelProbe(executable: "/bin/sh", arguments: ["-c", "echo \"$OPENBLAS_CORETYPE\"; exit 3"], environment: [:])
        #expect(echoing.check("Zen").detail?.contains("exit code 3 and no verdict: Zen") == true)
        let missing = KernelProbe(executable: "/nonexistent/synthbench", environment: [:])
        #expect(missing.check("Haswell").status == .error)
    }
}

/// The record is written where the issue asks: each cell and `environment.json`.
@Suite struct KernelRecordPlacementTests {
    @Test func cellsAndEnvironmentCarryTheRecord() throws {
        let cell = CellResult(experiment: "e", runID: "r", cellID: "c", dataset: "d", method: "gc", backendRequested: "sdv",
                              seed: 0, status: .ok, phase: "done", blasThreads: 1)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(cell)) as? [String: Any])
        let kernel = try #require(object["blas_kernel"] as? [String: Any])
        #expect(kernel["core"] as? String == BLASKernelRecord.current.core)
        #expect(try JSONDecoder().decode(CellResult.self, from: JSONEncoder().encode(cell)) == cell)
        // A cell written before the field existed still reads.
        var old = object
        old.removeValue(forKey: "blas_kernel")
        let decoded = try JSONDecoder().decode(CellResult.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(decoded.blasKernel == nil)

        let environment = EnvironmentRecord.capture(blasThreads: 1, jobs: 1, build: TestGrid.build)
        #expect(environment.blas.selection == BLASKernelRecord.current)
    }
}
