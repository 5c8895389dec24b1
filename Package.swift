// swift-tools-version: 6.1
import PackageDescription

// Floors (see docs/architecture.md): a module imports only modules below it, and only modules it declares
// here (`make test` builds with `--explicit-target-dependency-import-check error`).
//   0 CBLAS, CLAPACKE, CDNNL system libraries (CDNNL: oneDNN, for SynthNN's bf16 matrix products)
//   0 CSynthKernels          C kernels compiled per CPU target (AVX-512, AVX2) and chosen at run time
//   1 SynthCore              JSON values, coding and path reading; /proc readers (memory, CPU, load), clocks;
//                            atomic file writes and their errors
//   1 SynthMath, SynthTable  numerics; tables, CSV, metadata, datasets (may import SynthCore, beside them)
//   2 SynthNN                tensors, autodiff, layers, optimizers, DP-SGD
//   3 Synthesizers, Evaluation
//   4 Harness                pipeline, grids, cells, results
//   5 Reports                analysis, compare, check, plots, the HTML report (swift-mustache) (read results only)
//   5 Exports                Parquet, XLSX, SQL, SQLite, JSON, ZIP bundles; AES-GCM encryption at rest
//   5 QueueSQLite, QueuePostgres  the run queue's stores (GRDB; postgres-nio), beside Reports
//   6 Benchmarks             the `bench` figures (Harness's kernel record, memory, child processes; Reports' plots)
//   6 Service                the HTTP API over the run queue (Hummingbird, jwt-kit, swift-prometheus)
//   7 synthbench             the command line
let package = Package(
    name: "SynthBench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "synthbench", targets: ["synthbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACKE", path: "Sources/CLAPACKE", pkgConfig: "lapacke",
                       providers: [.apt(["liblapacke-dev"])]),
        // oneDNN (bf16 matrix products); Debian's libdnnl-dev has no pkg-config file, the modulemap links it.
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .target(name: "SynthCore"),
        .target(name: "CSynthKernels", cSettings: optimizedCInDebug),
        .target(name: "SynthMath", dependencies: ["CBLAS", "CLAPACKE", "CSynthKernels"]),
        .target(name: "SynthTable", dependencies: ["SynthCore", "SynthMath", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "SynthNN", dependencies: ["SynthCore", "SynthMath", "CBLAS", "CDNNL", "CSynthKernels"],
                swiftSettings: optimizedInDebug),
        .target(name: "Synthesizers",
                dependencies: ["SynthCore", "SynthMath", "SynthTable", "SynthNN", "CSynthKernels", .product(name: "Logging", package: "swift-log")],
                exclude: ["PII/README.md"], swiftSettings: optimizedInDebug),
        .target(name: "Evaluation", dependencies: ["SynthCore", "SynthMath", "SynthTable", "SynthNN"]),
        .target(name: "Harness",
                dependencies: ["SynthCore", "SynthMath", "SynthTable", "SynthNN", "Synthesizers", "Evaluation", "CBLAS",
                               .product(name: "Logging", package: "swift-log")]),
        .target(name: "Reports", dependencies: ["Harness", "Evaluation", "Synthesizers", "SynthCore", "SynthMath",
                                               .product(name: "Mustache", package: "swift-mustache")]),
        .target(name: "Exports",
                dependencies: ["Harness", "SynthTable", "SynthCore",
                               .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "GRDB", package: "GRDB.swift"),
                               .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "QueueSQLite", dependencies: ["Harness", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "QueuePostgres",
                dependencies: ["Harness", .product(name: "PostgresNIO", package: "postgres-nio"),
                               .product(name: "Logging", package: "swift-log")]),
        .target(name: "Benchmarks",
                dependencies: ["Harness", "Reports", "Exports", "SynthCore", "SynthMath", "SynthTable", "SynthNN", "Synthesizers", "Evaluation",
                               "CBLAS"]),
        .target(name: "Service",
                dependencies: ["Harness", "Synthesizers", "SynthCore",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "JWTKit", package: "jwt-kit"),
                               .product(name: "Prometheus", package: "swift-prometheus"),
                               .product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "synthbench",
                          dependencies: ["Reports", "Exports", "Benchmarks", "Harness", "QueueSQLite", "QueuePostgres", "Service", "Evaluation", "Synthesizers", "SynthTable",
                                         "SynthMath", "SynthCore", "SynthNN",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Logging", package: "swift-log")],
                          plugins: ["BuildStampPlugin"]),
        // Writes the executable's build stamp (the commit, uncommitted changes) before every build.
        .plugin(name: "BuildStampPlugin", capability: .buildTool(), exclude: ["build-stamp.sh"]),
        // Used only by the test targets: the tolerance helpers, the repository's paths, the built binary and a
        // file writer that fails on demand.
        .target(name: "SynthTestSupport", dependencies: ["SynthCore"], path: "Tests/SynthTestSupport"),
        .testTarget(name: "SynthCoreTests", dependencies: ["SynthTestSupport", "SynthCore"]),
        .testTarget(name: "SynthMathTests",
                    dependencies: ["SynthTestSupport", "SynthMath", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "SynthTableTests",
                    dependencies: ["SynthTestSupport", "SynthTable", "SynthMath", "SynthCore",
                                   .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "SynthNNTests",
                    dependencies: ["SynthTestSupport", "SynthNN", "SynthMath", "SynthCore",
                                   .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "SynthesizersTests",
                    dependencies: ["SynthTestSupport", "Synthesizers", "SynthMath", "SynthTable", "SynthNN",
                                   .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "EvaluationTests",
                    dependencies: ["SynthTestSupport", "Evaluation", "SynthCore", "SynthMath", "SynthTable",
                                   .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "BenchmarksTests",
                    dependencies: ["SynthTestSupport", "Benchmarks", "Synthesizers", "SynthTable", "SynthMath"]),
        .testTarget(name: "ExportsTests",
                    dependencies: ["SynthTestSupport", "Exports", "Harness", "SynthTable", "SynthCore", "SynthMath",
                                   .product(name: "Crypto", package: "swift-crypto"),
                                   .product(name: "GRDB", package: "GRDB.swift"),
                                   .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "QueueTests",
                    dependencies: ["SynthTestSupport", "Harness", "QueueSQLite", "QueuePostgres", "SynthCore", "SynthTable"]),
        .testTarget(name: "HarnessTests",
                    dependencies: ["SynthTestSupport", "Harness", "Reports", "Benchmarks", "Evaluation", "Synthesizers", "SynthTable", "SynthMath", "SynthCore"]),
        .testTarget(name: "ServiceTests",
                    dependencies: ["SynthTestSupport", "Service", "Harness", "QueueSQLite", "SynthCore",
                                   .product(name: "Hummingbird", package: "hummingbird"),
                                   .product(name: "HummingbirdTesting", package: "hummingbird"),
                                   .product(name: "Logging", package: "swift-log"),
                                   .product(name: "JWTKit", package: "jwt-kit")],
                    exclude: ["Fixtures"]),
    ]
)

/// The neural engine and the generators compile with -O in debug builds too: the test suite's generator
/// properties train networks in a debug build, where unoptimised Swift made a fit several times slower
/// (docs/testing.md, "What the fast tier costs"). @testable imports still work (SwiftPM keeps
/// -enable-testing).
var optimizedInDebug: [SwiftSetting] { [.unsafeFlags(["-O"], .when(configuration: .debug))] }

/// The C kernels likewise: SynthNN's training steps call them (the ReLU backward, AdamW, SiLU), and at -O0 they
/// would cost the debug test suite's fits several times what the -O Swift loops they replace cost.
var optimizedCInDebug: [CSetting] { [.unsafeFlags(["-O2"], .when(configuration: .debug))] }
