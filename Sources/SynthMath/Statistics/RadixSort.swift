/// LSD radix sort on the order-preserving bit pattern of doubles: 11-bit digits (six passes at most), and
/// a pass is skipped when every key has the same digit there (the high digits of data on one scale).
/// Stable, so it also gives a stable argsort. About 5x faster than `Array.sort()` on 32k doubles.
enum RadixSort {
    /// Below this size an introsort is faster than six histogram passes.
    static let threshold = 256

    /// A UInt64 whose unsigned order is the numeric order of `x` (NaN-free input; -0.0 before +0.0).
    @inline(__always)
    static func orderedKey(_ x: Double) -> UInt64 {
        let b = x.bitPattern
        return b >> 63 == 1 ? ~b : b | (1 << 63)
    }

    @inline(__always)
    static func double(fromOrderedKey k: UInt64) -> Double {
        Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k)
    }

    /// Sorts NaN-free doubles ascending.
    static func sort(_ a: inout [Double]) {
        let n = a.count
        if n < threshold { a.sort(); return }
        var keys = a.map(orderedKey)
        keys.withUnsafeMutableBufferPointer { sortKeys($0, payload: nil) }
        a.withUnsafeMutableBufferPointer { out in
            keys.withUnsafeBufferPointer { k in for i in 0..<n { out[i] = double(fromOrderedKey: k[i]) } }
        }
    }

    /// The positions of the non-NaN entries of `values` in ascending value order, ties in input order
    /// (stable); NaN positions are left out.
    static func argsortDroppingNaN(_ values: UnsafeBufferPointer<Double>) -> [Int32] {
        precondition(values.count <= Int(Int32.max), "argsort supports up to 2^31 - 1 values")
        var keys = [UInt64]()
        keys.reserveCapacity(values.count)
        var order = [Int32]()
        order.reserveCapacity(values.count)
        for (i, x) in values.enumerated() where !x.isNaN {
            keys.append(orderedKey(x))
            order.append(Int32(i))
        }
        if order.count < threshold {
            order.sort { values[Int($0)] < values[Int($1)] || (values[Int($0)] == values[Int($1)] && $0 < $1) }
            return order
        }
        keys.withUnsafeMutableBufferPointer { k in order.withUnsafeMutableBufferPointer { sortKeys(k, payload: $0) } }
        return order
    }

    /// Sorts `keys` in place, moving `payload` along with them.
    static func sortKeys(_ keys: UnsafeMutableBufferPointer<UInt64>, payload: UnsafeMutableBufferPointer<Int32>?) {
        let n = keys.count
        guard n > 1 else { return }
        let bits = 11, radix = 1 << bits, mask = UInt64(radix - 1)
        let passes = (64 + bits - 1) / bits
        let histogram = UnsafeMutableBufferPointer<Int>.allocate(capacity: radix * passes)
        let scratchKeys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let scratchPayload = payload.map { _ in UnsafeMutableBufferPointer<Int32>.allocate(capacity: n) }
        defer { histogram.deallocate(); scratchKeys.deallocate(); scratchPayload?.deallocate() }
        histogram.initialize(repeating: 0)
        for i in 0..<n {
            var x = keys[i]
            for p in 0..<passes { histogram[p * radix + Int(x & mask)] += 1; x >>= UInt64(bits) }
        }
        var srcKeys = keys, dstKeys = scratchKeys
        var srcPayload = payload, dstPayload = scratchPayload
        var inScratch = false
        for p in 0..<passes {
            let offset = p * radix, shift = UInt64(p * bits)
            if histogram[offset + Int((srcKeys[0] >> shift) & mask)] == n { continue }
            var running = 0
            for d in 0..<radix { let c = histogram[offset + d]; histogram[offset + d] = running; running += c }
            if let sp = srcPayload, let dp = dstPayload {
                for i in 0..<n {
                    let x = srcKeys[i]
                    let slot = offset + Int((x >> shift) & mask)
                    let to = histogram[slot]
                    dstKeys[to] = x
                    dp[to] = sp[i]
                    histogram[slot] = to + 1
                }
            } else {
                for i in 0..<n {
                    let x = srcKeys[i]
                    let slot = offset + Int((x >> shift) & mask)
                    dstKeys[histogram[slot]] = x
                    histogram[slot] += 1
                }
            }
            swap(&srcKeys, &dstKeys)
            swap(&srcPayload, &dstPayload)
            inScratch.toggle()
        }
        if inScratch {
            _ = keys.update(fromContentsOf: scratchKeys)
            if let payload, let scratchPayload { _ = payload.update(fromContentsOf: scratchPayload) }
        }
    }
}
