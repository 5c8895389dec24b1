/// The Float32 buffer behind one or more tensors (a reshape or `detach` shares it). When the last tensor
/// lets go, the buffer returns to the ``BufferPool`` it came from.
@usableFromInline
final class TensorStorage {
    @usableFromInline let pointer: UnsafeMutablePointer<Float>
    let count: Int
    /// The floats the buffer holds (its pool class, at least `count`).
    let capacity: Int
    let pool: BufferPool
    /// Counts the in-place writes to a leaf's buffer (optimizer steps, `assign`,
    /// `withUnsafeMutableBufferPointer`): a ``BF16Image`` made at this version is still current.
    @usableFromInline var version: UInt64 = 0
    /// The bf16 image a parameter's bf16 matrix products read (made on first use, refreshed per version).
    var bf16Image: BF16Image?

    init(count: Int, pool: BufferPool = BufferPool.current) {
        self.count = count
        self.pool = pool
        (pointer, capacity) = pool.acquire(count)
    }

    deinit { pool.release(pointer, capacity: capacity) }

    /// Records an in-place write (so a cached bf16 image is made again before its next use).
    @usableFromInline func markWritten() { version &+= 1 }
}
