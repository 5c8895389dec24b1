import Foundation
import SynthCore
import SynthMath
import SynthNN
import SynthTable

/// What `synthbench doctor` reports: the CPU, the OpenBLAS kernel chosen and why, threads, the library,
/// gnuplot, the datasets, and what is missing with the command that installs it.
package struct DoctorReport: Encodable, Sendable {
    package struct CPU: Encodable, Sendable {
        package var model: String?
        package var cores: Int
        /// The instruction-set flags that decide the BLAS kernel (present ones only).
        package var features: [String]
    }

    package struct BLASSection: Encodable, Sendable {
        package var kernel: BLASKernelRecord
        /// The kernels this CPU's flags allow, best first.
        package var candidates: [String]
        package var threads: Int
        package var openblasConfig: String
        package var openblasLibrary: String?
        /// The self-check cache file (null when there is no home directory).
        package var cache: String?
        enum CodingKeys: String, CodingKey {
            case kernel, candidates, threads, openblasConfig = "openblas_config", openblasLibrary = "openblas_library"
            case cache
        }
    }

    package struct Dataset: Encodable, Sendable {
        package var name: String
        package var status: String
    }

    package struct Datasets: Encodable, Sendable {
        /// The datasets directory (null when none was found).
        package var directory: String?
        /// Where fetched files are cached (`<directory>/.cache`).
        package var cache: String?
        package var entries: [Dataset]
        package var error: String?
    }

    package var cpu: CPU
    package var blas: BLASSection
    /// The gnuplot executable plots are rendered with (null: not found).
    package var gnuplot: String?
    package var datasets: Datasets
    /// One line per missing piece, each with how to get it.
    package var missing: [String]

    /// The flags reported in ``CPU/features``.
    static let relevantFlags = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
                                "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16"]

    /// Looks at this process and machine; `datasetsDirectory` as the `--datasets-dir` option gives it, `gnuplot`
    /// the executable plots would be rendered with (the caller asks Reports' `GnuplotRenderer`, which sits above).
    package static func capture(datasetsDirectory: String?, gnuplot gnuplotExecutable: URL?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> DoctorReport {
        let flags = CPUFeatures.flags()
        let kernel = BLASKernelRecord.current
        var missing: [String] = []
        if let best = KernelPolicy.candidates(flags: flags).first, KernelPolicy.tier(of: kernel.core) < KernelPolicy.tier(of: best) {
            missing.append("OpenBLAS runs \(kernel.core) although this CPU can run \(best): \(kernel.reason)"
                           + (kernel.selection == .setByUser ? " (unset OPENBLAS_CORETYPE to let SynthBench choose)" : ""))
        }
        let gnuplot = gnuplotExecutable?.path
        if gnuplot == nil {
            missing.append("gnuplot: plots are written as .dat/.gp only (install: apt-get install gnuplot-nox, or scripts/setup.sh)")
        }
        let path = environment["PATH"] ?? ""
        for tool in ["python3", "unzip"] where ExecutableLookup.locate(tool, path: path) == nil {
            missing.append("\(tool): needed by scripts/fetch-datasets.sh to fetch datasets (install: scripts/setup.sh)")
        }
        if ExecutableLookup.locate("pip3", path: path) == nil, ExecutableLookup.locate("pip", path: path) == nil,
           EnvironmentRecord.run(["python3", "-m", "pip", "--version"]) == nil {
            missing.append("pip: needed by scripts/fetch-datasets.sh to fetch datasets (install: scripts/setup.sh)")
        }
        var datasets = Datasets(directory: nil, cache: nil, entries: [], error: nil)
        do {
            let registry = try DatasetRegistry.open(explicit: datasetsDirectory)
            datasets.directory = registry.directory.path
            datasets.cache = registry.directory.appendingPathComponent(".cache").path
            for m in registry.manifests {
                let status = registry.status(of: m)
                datasets.entries.append(Dataset(name: m.name, status: status.description))
                switch status {
                case .verified: break
                case .missing(.cache): missing.append("dataset \(m.name): not fetched (synthbench datasets fetch \(m.name))")
                case .missing: missing.append("dataset \(m.name): \(status)")
                case .checksumMismatch, .unreadable:
                    missing.append("dataset \(m.name): \(status) (synthbench datasets fetch \(m.name) --rebuild)")
                }
            }
        } catch {
            datasets.error = "\(error)"
            missing.append("datasets directory: \(error)")
        }
        return DoctorReport(
            cpu: CPU(model: CPUFeatures.modelName(), cores: ProcessInfo.processInfo.activeProcessorCount,
                     features: relevantFlags.filter(flags.contains)),
            blas: BLASSection(kernel: kernel, candidates: KernelPolicy.candidates(flags: flags), threads: BLAS.threads,
                              openblasConfig: BLAS.config, openblasLibrary: KernelCache.loadedOpenBLAS(),
                              cache: KernelCache.standard(environment: environment)?.url.path),
            gnuplot: gnuplot, datasets: datasets, missing: missing)
    }

    /// The report as aligned text lines.
    package var text: String {
        var rows: [(String, String)] = [
            ("CPU", "\(cpu.model ?? "unknown"), \(cpu.cores) logical cores"),
            ("CPU features", cpu.features.isEmpty ? "none of \(Self.relevantFlags.joined(separator: " "))" : cpu.features.joined(separator: " ")),
            ("BLAS kernel", "\(blas.kernel.core) (\(blas.kernel.selection.rawValue.replacingOccurrences(of: "_", with: " ")))"),
            ("why", blas.kernel.reason),
        ]
        for check in blas.kernel.selfCheck {
            rows.append(("self-check \(check.kernel)", check.status.rawValue + (check.detail.map { ": \($0)" } ?? "")
                         + (blas.kernel.selfCheckCached ? " (cached)" : "")))
        }
        rows += [
            ("kernels for these flags", blas.candidates.isEmpty ? "none beyond SSE" : blas.candidates.joined(separator: ", ")),
            ("BLAS threads", "\(blas.threads) (--blas-threads, $SYNTHBENCH_BLAS_THREADS)"),
            ("OpenBLAS", blas.openblasConfig),
            ("library", blas.openblasLibrary ?? "not found in /proc/self/maps"),
            ("self-check cache", blas.cache ?? "none (no HOME or XDG_CACHE_HOME)"),
            ("gnuplot", gnuplot ?? "not found"),
            ("datasets", datasets.directory ?? "not found" + (datasets.error.map { ": \($0)" } ?? "")),
        ]
        if let cache = datasets.cache { rows.append(("datasets cache", cache)) }
        for d in datasets.entries { rows.append(("  \(d.name)", d.status)) }
        rows.append(("missing", missing.isEmpty ? "nothing" : missing[0]))
        for m in missing.dropFirst() { rows.append(("", m)) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }
}
