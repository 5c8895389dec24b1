import Foundation

/// A cache of Float32 buffers keyed by size class, so that a training loop on fixed shapes allocates
/// its buffers during the first step and reuses them afterwards.
///
/// A request for `count` floats gets a buffer of ``sizeClass(_:)`` floats (at most 1/16 more): shapes that
/// vary a little from step to step, such as DP-SGD's Poisson batches, then share a few cached sets of
/// buffers instead of caching one set per batch size (dp-ctgan on adult peaked at 468 MB that way, 235 MB
/// with classes; docs/privacy.md §7).
///
/// When its own class has no free buffer, a request borrows a free buffer of a larger class, up to
/// ``borrowRatio`` times its own, which goes back to that larger class on release. Why: a pass whose last
/// batch is short (32,561 rows in batches of 4,096 end with 3,889) would otherwise cache a second full set
/// of activation buffers one class below the first; the ddpm paper preset's training held 165 MB more that
/// way (docs/ddpm.md, "Peak memory of the paper preset").
///
/// Every ``Tensor`` buffer comes from the pool that is current when the tensor is made
/// (``BufferPool/current``, a task-local that defaults to ``BufferPool/shared``) and goes back to that
/// same pool when the last tensor using it is released. ``freshAllocations`` counts the buffers the pool
/// had to allocate from the system; in the steady state of a training loop it stops growing.
///
/// The pool is thread-safe (one lock per pool; a buffer may be released from another thread).
public final class BufferPool: @unchecked Sendable {
    /// The process-wide default pool.
    public static let shared = BufferPool()

    /// The pool new tensors draw from in the current task (``shared`` unless bound with
    /// ``withCurrent(_:_:)``).
    @TaskLocal public static var current: BufferPool = .shared

    /// Alignment of every buffer, in bytes (one AVX-512 register, one cache line).
    public static let alignment = 64

    private let lock = NSLock()
    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var _freshAllocations = 0
    private var _liveBuffers = 0
    private var _cachedBytes = 0
    private var _liveBytes = 0
    private var _peakBytes = 0
    /// Released buffers are kept for reuse only while the cache stays under this many bytes; beyond it they
    /// are freed (a one-off large tensor, such as a big sampled batch, is not kept for ever).
    public let cacheLimitBytes: Int
    /// The largest class a request may borrow, as a multiple of its own class (1: only its own class).
    public let borrowRatio: Double

    public init(cacheLimitBytes: Int = 1 << 30, borrowRatio: Double = 1.25) {
        precondition(borrowRatio >= 1, "a request cannot borrow a smaller buffer")
        self.cacheLimitBytes = cacheLimitBytes
        self.borrowRatio = borrowRatio
    }

    deinit {
        for (_, list) in free { for p in list { p.deallocate() } }
    }

    /// Runs `body` with `pool` as the current pool of this task.
    public static func withCurrent<R>(_ pool: BufferPool, _ body: () throws -> R) rethrows -> R {
        try $current.withValue(pool, operation: body)
    }

    /// The element count of the buffer that serves a request for `count` floats: `count` rounded up to
    /// one of 16 classes per power of two (exact up to 32).
    public static func sizeClass(_ count: Int) -> Int {
        let n = max(count, 1)
        let step = max((1 << (Int.bitWidth - 1 - n.leadingZeroBitCount)) >> 4, 1)
        return (n + step - 1) / step * step
    }

    /// A buffer of at least `count` floats, contents undefined, and its class (the `capacity` to give
    /// ``release(_:capacity:)``): a free one of `count`'s class, else the smallest free one of a class up to
    /// ``borrowRatio`` times larger, else a fresh one of `count`'s class.
    func acquire(_ count: Int) -> (pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let own = Self.sizeClass(count)
        let largest = Double(own) * borrowRatio
        lock.lock()
        var key = own
        while Double(key) <= largest {
            // Popped in place (a copy of the list out of the dictionary would allocate on every request).
            if let p = free[key]?.popLast() {
                _cachedBytes -= key * 4
                _liveBuffers += 1
                _liveBytes += key * 4
                if _liveBytes > _peakBytes { _peakBytes = _liveBytes }
                lock.unlock()
                return (p.assumingMemoryBound(to: Float.self), key)
            }
            key = Self.sizeClass(key + 1)
        }
        _liveBuffers += 1
        _liveBytes += own * 4
        if _liveBytes > _peakBytes { _peakBytes = _liveBytes }
        _freshAllocations += 1
        lock.unlock()
        let raw = UnsafeMutableRawPointer.allocate(byteCount: own * MemoryLayout<Float>.stride,
                                                   alignment: BufferPool.alignment)
        return (raw.bindMemory(to: Float.self, capacity: own), own)
    }

    /// Returns a buffer obtained from ``acquire(_:)``, with the capacity it came with.
    func release(_ pointer: UnsafeMutablePointer<Float>, capacity key: Int) {
        lock.lock()
        _liveBuffers -= 1
        _liveBytes -= key * 4
        if _cachedBytes + key * 4 > cacheLimitBytes {
            lock.unlock()
            UnsafeMutableRawPointer(pointer).deallocate()
            return
        }
        _cachedBytes += key * 4
        free[key, default: []].append(UnsafeMutableRawPointer(pointer))
        lock.unlock()
    }

    /// Frees every cached (currently unused) buffer.
    public func trim() {
        lock.lock()
        let lists = free
        free = [:]
        _cachedBytes = 0
        lock.unlock()
        for (_, list) in lists { for p in list { p.deallocate() } }
    }

    /// Buffers this pool has allocated from the system since it was made.
    public var freshAllocations: Int { lock.lock(); defer { lock.unlock() }; return _freshAllocations }
    /// Buffers currently held by tensors.
    public var liveBuffers: Int { lock.lock(); defer { lock.unlock() }; return _liveBuffers }
    /// Bytes held by tensors now.
    public var liveBytes: Int { lock.lock(); defer { lock.unlock() }; return _liveBytes }
    /// The largest ``liveBytes`` seen.
    public var peakLiveBytes: Int { lock.lock(); defer { lock.unlock() }; return _peakBytes }
    /// Bytes cached for reuse.
    public var cachedBytes: Int { lock.lock(); defer { lock.unlock() }; return _cachedBytes }
}
