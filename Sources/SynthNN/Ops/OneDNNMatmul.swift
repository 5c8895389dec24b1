import CDNNL
import Foundation
import SynthMath

/// bf16 matrix products with fp32 accumulation through oneDNN's matmul primitive (`bf16 x bf16 -> f32`):
/// both operands are rounded to bf16 (``BFloat16``, nearest even) into scratch buffers, multiplied with
/// fp32 sums, and the fp32 result is written or added into `C`, as ``Kernels/gemm(m:n:k:_:lda:transposeA:_:ldb:transposeB:into:ldc:alpha:beta:)``
/// does for sgemm.
///
/// One primitive per shape and transpose pair is created (oneDNN compiles it for the CPU) and kept with
/// its scratch buffers; calls are serialised by a lock (a process trains one model at a time; grid cells
/// are separate processes). oneDNN runs on as many OpenMP threads as OpenBLAS has (one by default).
final class OneDNNMatmul: @unchecked Sendable {
    /// The process's instance; nil when oneDNN cannot create a CPU engine.
    static let shared: OneDNNMatmul? = try? OneDNNMatmul()

    struct Failure: Error, CustomStringConvertible {
        let call: String
        let status: dnnl_status_t
        var description: String { "oneDNN \(call) failed with status \(status.rawValue)" }
    }

    /// A primitive's shape: the operands' leading dimensions as oneDNN reads them (a converted operand is
    /// contiguous, a parameter's image keeps the parameter's), `C`'s, and whether it adds into `C`.
    private struct Key: Hashable {
        let m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, lda: Int, ldb: Int, ldc: Int
        let accumulate: Bool
    }

    /// A compiled primitive with its memory objects and scratch: `a` and `b` hold the bf16 operands as
    /// stored (contiguous), `c` the fp32 product when it cannot be written into the destination directly.
    private final class Entry {
        let primitive: dnnl_primitive_t
        let memories: [dnnl_memory_t]
        let implementation: String
        let a: UnsafeMutablePointer<UInt16>, b: UnsafeMutablePointer<UInt16>, c: UnsafeMutablePointer<Float>

        init(primitive: dnnl_primitive_t, memories: [dnnl_memory_t], implementation: String, aCount: Int, bCount: Int,
             cCount: Int) {
            self.primitive = primitive; self.memories = memories; self.implementation = implementation
            a = .allocate(capacity: max(aCount, 1)); b = .allocate(capacity: max(bCount, 1))
            c = .allocate(capacity: max(cCount, 1))
        }

        deinit {
            for m in memories { dnnl_memory_destroy(m) }
            dnnl_primitive_destroy(primitive)
            a.deallocate(); b.deallocate(); c.deallocate()
        }
    }

    private let engine: dnnl_engine_t
    private let stream: dnnl_stream_t
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]

    /// `oneDNN MAJOR.MINOR.PATCH`.
    let version: String

    init() throws {
        var engine: dnnl_engine_t?
        try Self.check(dnnl_engine_create(&engine, dnnl_cpu, 0), "dnnl_engine_create")
        var stream: dnnl_stream_t?
        try Self.check(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue),
                       "dnnl_stream_create")
        self.engine = engine!; self.stream = stream!
        let v = dnnl_version()!.pointee
        version = "oneDNN \(v.major).\(v.minor).\(v.patch)"
    }

    deinit {
        entries.removeAll()
        dnnl_stream_destroy(stream); dnnl_engine_destroy(engine)
    }

    private static func check(_ status: dnnl_status_t, _ call: String) throws {
        guard status == dnnl_success else { throw Failure(call: call, status: status) }
    }

    /// oneDNN's name for the implementation it picked for this product (e.g. `brg:avx512_core_bf16`; a
    /// `ref` or `gemm:ref` implementation means the CPU has no native bf16 path).
    func implementation(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) throws -> String {
        lock.lock(); defer { lock.unlock() }
        let key = Key(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, lda: transposeA ? m : k,
                      ldb: transposeB ? k : n, ldc: n, accumulate: false)
        return try entry(key).implementation
    }

    /// `C = alpha * op(A) * op(B) + beta * C` with the operands rounded to bf16 and fp32 accumulation;
    /// the same contract as `Kernels.gemm` (row-major blocks given by pointer and leading dimension,
    /// `m, n, k > 0`). With `beta = 0`, `C` is not read. An operand whose `…Image` storage is given points
    /// into that parameter's buffer: the product reads the parameter's ``BF16Image`` in place (converted
    /// once per write); any other operand is converted as stored into contiguous scratch. With `alpha = 1`
    /// and `beta` 0 or 1, oneDNN writes (or, through a sum post-op, adds) straight into `C` with its row
    /// stride; other `alpha`/`beta` go through an fp32 scratch product.
    func gemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
              _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
              into c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float,
              aImage: TensorStorage? = nil, bImage: TensorStorage? = nil) {
        lock.lock(); defer { lock.unlock() }
        // A is stored m x k (or k x m transposed), B k x n (or n x k).
        let (aRows, aCols) = transposeA ? (k, m) : (m, k)
        let (bRows, bCols) = transposeB ? (n, k) : (k, n)
        let direct = alpha == 1 && (beta == 0 || beta == 1)
        let key = Key(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                      lda: aImage == nil ? aCols : lda, ldb: bImage == nil ? bCols : ldb, ldc: direct ? ldc : n,
                      accumulate: direct && beta == 1)
        let e: Entry
        do { e = try entry(key) } catch {
            preconditionFailure("bf16 matmul \(m)x\(n)x\(k): \(error)")
        }
        let aBits = aImage.map { Self.image($0, at: a) } ?? {
            BFloat16.convert(a, rows: aRows, cols: aCols, stride: lda, into: e.a); return e.a
        }()
        let bBits = bImage.map { Self.image($0, at: b) } ?? {
            BFloat16.convert(b, rows: bRows, cols: bCols, stride: ldb, into: e.b); return e.b
        }()
        dnnl_memory_set_data_handle(e.memories[0], aBits)
        dnnl_memory_set_data_handle(e.memories[1], bBits)
        dnnl_memory_set_data_handle(e.memories[2], direct ? c : e.c)
        omp_set_num_threads(Int32(BLAS.threads))
        let args = [dnnl_exec_arg_t(arg: DNNL_ARG_SRC, memory: e.memories[0]),
                    dnnl_exec_arg_t(arg: DNNL_ARG_WEIGHTS, memory: e.memories[1]),
                    dnnl_exec_arg_t(arg: DNNL_ARG_DST, memory: e.memories[2])]
        let status = dnnl_primitive_execute(e.primitive, stream, 3, args)
        precondition(status == dnnl_success && dnnl_stream_wait(stream) == dnnl_success,
                     "bf16 matmul \(m)x\(n)x\(k): oneDNN execute failed with status \(status.rawValue)")
        if direct { return }
        for r in 0..<m {
            let dst = c + r * ldc, src = UnsafePointer(e.c + r * n)
            if beta == 0 {
                for j in 0..<n { dst[j] = alpha * src[j] }
            } else {
                for j in 0..<n { dst[j] = alpha * src[j] + beta * dst[j] }
            }
        }
    }

    /// The bf16 bits of the element `element` points at, in `storage`'s current image.
    private static func image(_ storage: TensorStorage, at element: UnsafePointer<Float>) -> UnsafeMutablePointer<UInt16> {
        let offset = element - UnsafePointer(storage.pointer)
        precondition(offset >= 0 && offset < storage.count, "bf16 matmul: operand outside its parameter's buffer")
        return BF16Image.current(of: storage).bits + offset
    }

    /// The cached primitive for `key`, created on first use (caller holds the lock).
    private func entry(_ key: Key) throws -> Entry {
        if let e = entries[key] { return e }
        let (m, n, k) = (Int64(key.m), Int64(key.n), Int64(key.k))
        let (lda, ldb, ldc) = (Int64(key.lda), Int64(key.ldb), Int64(key.ldc))
        // op(A) is m x k: stored row-major m x k (strides lda, 1) or, transposed, k x m (strides 1, lda).
        var a = dnnl_memory_desc_t(), b = dnnl_memory_desc_t(), c = dnnl_memory_desc_t()
        try Self.check(dnnl_memory_desc_init_by_strides(&a, 2, [m, k], dnnl_bf16, key.transposeA ? [1, lda] : [lda, 1]),
                       "dnnl_memory_desc_init_by_strides(A)")
        try Self.check(dnnl_memory_desc_init_by_strides(&b, 2, [k, n], dnnl_bf16, key.transposeB ? [1, ldb] : [ldb, 1]),
                       "dnnl_memory_desc_init_by_strides(B)")
        try Self.check(dnnl_memory_desc_init_by_strides(&c, 2, [m, n], dnnl_f32, [ldc, 1]),
                       "dnnl_memory_desc_init_by_strides(C)")
        var desc = dnnl_matmul_desc_t()
        try Self.check(dnnl_matmul_desc_init(&desc, &a, &b, nil, &c), "dnnl_matmul_desc_init")
        // Adding into C (beta = 1) is a sum post-op: oneDNN reads C as it writes the product.
        var attr: dnnl_primitive_attr_t?
        try Self.check(dnnl_primitive_attr_create(&attr), "dnnl_primitive_attr_create")
        defer { dnnl_primitive_attr_destroy(attr) }
        if key.accumulate {
            var postOps: dnnl_post_ops_t?
            try Self.check(dnnl_post_ops_create(&postOps), "dnnl_post_ops_create")
            defer { dnnl_post_ops_destroy(postOps) }
            try Self.check(dnnl_post_ops_append_sum(postOps, 1), "dnnl_post_ops_append_sum")
            try Self.check(dnnl_primitive_attr_set_post_ops(attr, postOps), "dnnl_primitive_attr_set_post_ops")
        }
        var pd: dnnl_primitive_desc_t?
        try Self.check(dnnl_primitive_desc_create(&pd, &desc, attr, engine, nil), "dnnl_primitive_desc_create")
        defer { dnnl_primitive_desc_destroy(pd) }
        var info: UnsafePointer<CChar>?
        try Self.check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &info), "dnnl_primitive_desc_query")
        var primitive: dnnl_primitive_t?
        try Self.check(dnnl_primitive_create(&primitive, pd), "dnnl_primitive_create")
        var memories: [dnnl_memory_t] = []
        for md in [a, b, c] {
            var desc = md, memory: dnnl_memory_t?
            try Self.check(dnnl_memory_create(&memory, &desc, engine, nil), "dnnl_memory_create")
            memories.append(memory!)
        }
        let e = Entry(primitive: primitive!, memories: memories, implementation: info.map { String(cString: $0) } ?? "?",
                      aCount: key.m * key.k, bCount: key.k * key.n, cCount: key.m * key.n)
        entries[key] = e
        return e
    }
}
