/// A parameter's buffer rounded to bf16 (``BFloat16``, nearest even), in the same row-major layout, for
/// bf16 matrix products: the weights change once per optimizer step but are multiplied several times per
/// step (forward, the input gradient, the gradient penalty's products), so they are converted once per
/// ``TensorStorage/version`` instead of once per product.
final class BF16Image {
    let bits: UnsafeMutablePointer<UInt16>
    let count: Int
    /// The storage version these bits were converted at.
    private(set) var version: UInt64

    private init(count: Int, version: UInt64) {
        bits = .allocate(capacity: max(count, 1))
        self.count = count
        self.version = version
    }

    deinit { bits.deallocate() }

    /// The current image of `storage`: its cached one when no write happened since it was made, else the
    /// buffer converted again. In debug builds a reused image is checked against the buffer, so a write that
    /// bypassed ``TensorStorage/markWritten()`` cannot go unnoticed in the tests.
    static func current(of storage: TensorStorage) -> BF16Image {
        if let image = storage.bf16Image, image.version == storage.version {
            assert(image.matches(storage.pointer), "a parameter was written without markWritten(): stale bf16 image")
            return image
        }
        let image = storage.bf16Image ?? BF16Image(count: storage.count, version: storage.version)
        BFloat16.convert(storage.pointer, image.bits, count: storage.count)
        image.version = storage.version
        storage.bf16Image = image
        return image
    }

    private func matches(_ values: UnsafePointer<Float>) -> Bool {
        (0..<count).allSatisfy { bits[$0] == BFloat16.bits(values[$0]) }
    }
}
