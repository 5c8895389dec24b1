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

    private struct Key: Hashable {
        let m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool
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
        return try entry(Key(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)).implementation
    }

    /// `C = alpha * op(A) * op(B) + beta * C` with the operands rounded to bf16 and fp32 accumulation;
    /// the same contract as `Kernels.gemm` (row-major blocks given by pointer and leading dimension,
    /// `m, n, k > 0`). With `beta = 0`, `C` is not read.
    func gemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
              _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
              into c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float) {
        lock.lock(); defer { lock.unlock() }
        let e: Entry
        do { e = try entry(Key(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)) } catch {
            preconditionFailure("bf16 matmul \(m)x\(n)x\(k): \(error)")
        }
        // A is stored m x k (or k x m transposed), B k x n (or n x k): converted as stored, contiguous.
        BFloat16.convert(a, rows: transposeA ? k : m, cols: transposeA ? m : k, stride: lda, into: e.a)
        BFloat16.convert(b, rows: transposeB ? n : k, cols: transposeB ? k : n, stride: ldb, into: e.b)
        let direct = alpha == 1 && beta == 0 && ldc == n
        dnnl_memory_set_data_handle(e.memories[0], e.a)
        dnnl_memory_set_data_handle(e.memories[1], e.b)
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
            } else if alpha == 1 && beta == 1 {
                for j in 0..<n { dst[j] += src[j] }
            } else {
                for j in 0..<n { dst[j] = alpha * src[j] + beta * dst[j] }
            }
        }
    }

    /// The cached primitive for `key`, created on first use (caller holds the lock).
    private func entry(_ key: Key) throws -> Entry {
        if let e = entries[key] { return e }
        let (m, n, k) = (Int64(key.m), Int64(key.n), Int64(key.k))
        // op(A) is m x k: stored row-major m x k (strides k, 1) or, transposed, k x m (strides 1, m).
        var a = dnnl_memory_desc_t(), b = dnnl_memory_desc_t(), c = dnnl_memory_desc_t()
        try Self.check(dnnl_memory_desc_init_by_strides(&a, 2, [m, k], dnnl_bf16, key.transposeA ? [1, m] : [k, 1]),
                       "dnnl_memory_desc_init_by_strides(A)")
        try Self.check(dnnl_memory_desc_init_by_strides(&b, 2, [k, n], dnnl_bf16, key.transposeB ? [1, k] : [n, 1]),
                       "dnnl_memory_desc_init_by_strides(B)")
        try Self.check(dnnl_memory_desc_init_by_strides(&c, 2, [m, n], dnnl_f32, [n, 1]),
                       "dnnl_memory_desc_init_by_strides(C)")
        var desc = dnnl_matmul_desc_t()
        try Self.check(dnnl_matmul_desc_init(&desc, &a, &b, nil, &c), "dnnl_matmul_desc_init")
        var pd: dnnl_primitive_desc_t?
        try Self.check(dnnl_primitive_desc_create(&pd, &desc, nil, engine, nil), "dnnl_primitive_desc_create")
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
