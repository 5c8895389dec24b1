import Testing
import SynthMath
import SynthNN
import SynthTable
@testable import Synthesizers

/// fp32 training stays byte-identical: the CSV of a short seeded fit's sample, hashed, equals the digest
/// pinned before the precision option existed (the commit that added this file, on branch bf16).
///
/// sgemm bits depend on the OpenBLAS kernel (docs/blas.md) and on its thread count (with two threads OpenBLAS
/// splits some of these products differently from one), so a digest holds for the kernel and thread count it
/// was taken with; for any other pair the test is skipped (shown as skipped, never passed). A test binary runs
/// OpenBLAS's own detection and its default thread count (the cores, 2 on this machine kind); set
/// `OPENBLAS_CORETYPE` / `OPENBLAS_NUM_THREADS` to compare another pinned pair.
@Suite struct FP32DigestTests {
    /// Digests by kernel and BLAS thread count, taken on an Intel Xeon (family 6 model 207) with OpenBLAS 0.3.21.
    /// The two-thread digests are the ones pinned on branch bf16. The one-thread digests were taken on integ
    /// c16d10c, whose two-thread digests still equal those pins (the fp32 code path unchanged), so they are the
    /// same fits' one-thread bits; Cooperlake's CTGAN digest is the same at one and two threads.
    static let pinned: [String: [String: String]] = [
        "sdv/ctgan": ["Prescott/2": "fa76e8edbdf565bb", "Cooperlake/2": "bff26bfbec25e386",
                      "Prescott/1": "7550b031bef1d013", "Cooperlake/1": "bff26bfbec25e386"],
        "synthcity/tvae": ["Prescott/2": "e982a378be36a575", "Cooperlake/2": "8ba897748c78c08",
                           "Prescott/1": "c5deb43cc2a331f0", "Cooperlake/1": "16a1f18dea621924"],
    ]

    /// The pinned digests' key for this process: kernel and BLAS thread count.
    static var blasKey: String { "\(BLAS.coreName)/\(BLAS.threads)" }

    static var kernelIsPinned: Bool { pinned.values.allSatisfy { $0[blasKey] != nil } }

    /// FNV-1a, 64 bits, over the bytes (a digest independent of any other component).
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return String(h, radix: 16)
    }

    /// Fits `backend/method` for 2 epochs on the neural fixture table and hashes the bits of every trained
    /// parameter (CTGAN's generator and critic, TVAE's encoder and decoder) and a 200-row sample's CSV.
    static func digest(_ method: String, _ backend: Backend, _ parameters: [String: ParameterValue]) throws -> String {
        let table = NeuralFixtures.table(seed: 11, rows: 300)
        let s = try MethodCatalog.descriptor(method, backend: backend)!.make(parameters)
        let context = SynthesisContext(seed: 5)
        try s.fit(table, metadata: NeuralFixtures.metadata(table), context: context)
        let sample = try s.sample(count: 200, seed: 9, context: context)
        var modules: [Sequential] = []
        if let gan = (s as? CTGANSynthesizer)?.model { modules = [gan.generator, gan.discriminator] }
        if let vae = (s as? TVAESynthesizer)?.model { modules = [vae.encoderBody, vae.decoder] }
        #expect(!modules.isEmpty, "\(method): no modules to hash")
        var bytes = try CSVWriter().encode(sample)
        for p in modules.flatMap({ $0.parameters() }) {
            for x in p.toArray() { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        }
        return fnv1a(bytes)
    }

    static let ctganParameters: [String: ParameterValue] = ["epochs": .int(2), "batch_size": .int(100)]
    static let tvaeParameters: [String: ParameterValue] = [
        "n_iter": .int(2), "batch_size": .int(100), "early_stopping": .bool(false),
        "n_units_embedding": .int(64), "encoder_n_units_hidden": .int(64), "decoder_n_units_hidden": .int(64),
    ]

    @Test(.enabled(if: kernelIsPinned, "no digest pinned for this OpenBLAS kernel and thread count"))
    func ctganFP32IsUnchanged() throws {
        let d = try Self.digest("ctgan", .sdv, Self.ctganParameters)
        #expect(d == Self.pinned["sdv/ctgan"]![Self.blasKey], "digest \(d) with \(Self.blasKey)")
    }

    @Test(.enabled(if: kernelIsPinned, "no digest pinned for this OpenBLAS kernel and thread count"))
    func tvaeFP32IsUnchanged() throws {
        let d = try Self.digest("tvae", .synthcity, Self.tvaeParameters)
        #expect(d == Self.pinned["synthcity/tvae"]![Self.blasKey], "digest \(d) with \(Self.blasKey)")
    }

    /// Negative control: the digest sees a different fit (another epoch count).
    @Test func digestSeesADifferentFit() throws {
        var other = Self.ctganParameters
        other["epochs"] = .int(1)
        #expect(try Self.digest("ctgan", .sdv, other) != Self.digest("ctgan", .sdv, Self.ctganParameters))
    }
}
