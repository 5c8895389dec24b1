import Foundation
import SynthCore
import Testing
@testable import Harness
import SynthNN
import SynthTestSupport

/// The built binary: `synthbench doctor` with the variable unset (the selection runs, re-executes, caches),
/// set by the user (kept), switched off, and with a check child that crashes or computes wrong (fallback);
/// and the hidden `blas-self-check` itself.
@Suite(.serialized) struct KernelSelectionEndToEndTests {
    /// Variables of the test process that would steer the child's selection.
    static let steering = ["OPENBLAS_CORETYPE", BLASKernelRecord.environmentKey, KernelPolicy.autoselectKey,
                           KernelSelfCheck.Fault.environmentKey]

    struct Doctor {
        var kernel: BLASKernelRecord
        var config: String
    }

    /// Runs `synthbench doctor --json` in a fresh directory inside `root` (the test's temporary directory,
    /// which it removes) with a fresh (or given) cache directory.
    func doctor(in root: URL, _ environment: [String: String] = [:], cacheHome: URL? = nil) throws -> (Doctor, URL) {
        let dir = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cache = cacheHome ?? dir.appendingPathComponent("cache")
        var env = environment
        env["XDG_CACHE_HOME"] = cache.path
        let out = try SynthBenchBinary.run(["doctor", "--json"], in: dir, environment: env, unsetting: Self.steering.filter { env[$0] == nil })
        #expect(out.status == 0, "\(out.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let blas = try #require(object["blas"] as? [String: Any])
        let kernel = try JSONDecoder().decode(BLASKernelRecord.self,
                                              from: try JSONSerialization.data(withJSONObject: try #require(blas["kernel"])))
        return (Doctor(kernel: kernel, config: try #require(blas["openblas_config"] as? String)), cache)
    }

    @Test func selectsVerifiesCachesAndRespectsTheUser() throws {
        let root = try SynthBenchBinary.temporaryDirectory("doctor")
        defer { try? FileManager.default.removeItem(at: root) }
        // What OpenBLAS detects here, and what the policy says about it.
        let (off, _) = try doctor(in: root, [KernelPolicy.autoselectKey: "0"])
        #expect(off.kernel.selection == .disabled && off.kernel.selfCheck.isEmpty)
        let detected = off.kernel.core
        let decision = KernelPolicy.decide(flags: CPUFeatures.flags(), detectedCore: detected, config: off.config,
                                           environment: [:])

        let (auto, cache) = try doctor(in: root)
        let cacheFile = cache.appendingPathComponent("synthbench/blas-kernel.json")
        switch decision {
        case .keep:
            #expect(auto.kernel.selection == .detected && auto.kernel.core == detected)
            #expect(!FileManager.default.fileExists(atPath: cacheFile.path))
        case .tryKernels(let kernels, _):
            // This CPU is one the selection is for (e.g. the Xeon OpenBLAS 0.3.21 takes for a Prescott).
            #expect(auto.kernel.detectedCore == detected && !auto.kernel.selfCheckCached)
            if auto.kernel.selection == .autoSelected {
                #expect(kernels.contains(auto.kernel.core) && auto.kernel.selfCheck.last?.status == .passed)
            } else {
                #expect(auto.kernel.selection == .detected && auto.kernel.core == detected)
            }
            #expect(FileManager.default.fileExists(atPath: cacheFile.path))
            let (again, _) = try doctor(in: root, cacheHome: cache)
            #expect(again.kernel.selfCheckCached && again.kernel.core == auto.kernel.core)
        }

        let forced = CPUFeatures.flags().contains("avx2") ? "Haswell" : "Prescott"
        let (user, userCache) = try doctor(in: root, ["OPENBLAS_CORETYPE": forced])
        #expect(user.kernel.selection == .setByUser && user.kernel.core == forced && user.kernel.selfCheck.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: userCache.appendingPathComponent("synthbench").path))
    }

    @Test func crashingOrWrongChecksFallBack() throws {
        let root = try SynthBenchBinary.temporaryDirectory("doctor")
        defer { try? FileManager.default.removeItem(at: root) }
        let (off, _) = try doctor(in: root, [KernelPolicy.autoselectKey: "0"])
        guard case .tryKernels(let kernels, _) = KernelPolicy.decide(flags: CPUFeatures.flags(), detectedCore: off.kernel.core,
                                                                      config: off.config, environment: [:]) else {
            return  // OpenBLAS already runs the best kernel for this CPU: nothing to fall back from (unit tests cover it)
        }
        let (crashed, _) = try doctor(in: root, [KernelSelfCheck.Fault.environmentKey: "sigill"])
        #expect(crashed.kernel.core == off.kernel.core && crashed.kernel.selection == .detected)
        #expect(crashed.kernel.selfCheck.map(\.kernel) == kernels)
        #expect(crashed.kernel.selfCheck.allSatisfy { $0.status == .crashed })

        guard kernels.count >= 2 else { return }
        let (wrong, _) = try doctor(in: root, [KernelSelfCheck.Fault.environmentKey: "wrong-sgemm:\(kernels[0])"])
        #expect(wrong.kernel.selfCheck.first?.status == .failed)
        #expect(wrong.kernel.core != kernels[0])
    }

    @Test func selfCheckCommandReportsTheKernelItRuns() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("self-check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ok = try SynthBenchBinary.run(["blas-self-check"], in: dir, environment: ["OPENBLAS_CORETYPE": "Prescott"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let report = try JSONDecoder().decode(KernelProbe.Report.self, from: Data(ok.stdout.utf8))
        #expect(report.core == "Prescott" && report.passed && report.cases == 43)

        let wrong = try SynthBenchBinary.run(["blas-self-check"], in: dir,
                                             environment: ["OPENBLAS_CORETYPE": "Prescott", KernelSelfCheck.Fault.environmentKey: "wrong-sgemm"])
        #expect(wrong.status == 1)
        let failed = try JSONDecoder().decode(KernelProbe.Report.self, from: Data(wrong.stdout.utf8))
        #expect(!failed.passed && failed.failures.first?.hasPrefix("sgemm") == true)
    }
}
