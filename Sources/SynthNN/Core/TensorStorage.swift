/// The Float32 buffer behind one or more tensors (a reshape or `detach` shares it). When the last tensor
/// lets go, the buffer returns to the ``BufferPool`` it came from.
@usableFromInline
final class TensorStorage {
    @usableFromInline let pointer: UnsafeMutablePointer<Float>
    let count: Int
    let pool: BufferPool

    init(count: Int, pool: BufferPool = BufferPool.current) {
        self.count = count
        self.pool = pool
        pointer = pool.acquire(count)
    }

    deinit { pool.release(pointer, count: count) }
}
