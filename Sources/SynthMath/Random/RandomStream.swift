import Foundation

/// A seeded, splittable pseudo-random stream: xoshiro256** (Blackman and Vigna, 2018) seeded through
/// SplitMix64.
///
/// Every random choice in SynthBench flows from one of these, created from an explicit seed. Two ways to
/// get an independent child stream:
/// - ``derived(_:)`` gives the stream for a *name* (a key): it depends only on this stream's seed material
///   and the key, never on how many numbers were drawn, so adding a draw in one component cannot shift the
///   randomness of another. Use it to hand streams to components ("fit", "sample", column 3, ...).
/// - ``split()`` draws the child's seed from this stream (advancing it). Use it inside loops.
///
/// Child seeds pass through SplitMix64's finaliser, which is a bijection on 64-bit words with full
/// avalanche, so children of nearby keys are unrelated.
public struct RandomStream: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64
    /// The seed material this stream was created from; ``derived(_:)`` keys off it.
    public let seedMaterial: UInt64
    @usableFromInline var spareNormal: Double?

    /// A stream for `seed`. The same seed always gives the same sequence on every platform.
    public init(seed: UInt64) {
        seedMaterial = seed
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if (s0 | s1 | s2 | s3) == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }  // the all-zero state is a fixed point
        spareNormal = nil
    }

    /// An independent stream for `key` that does not depend on what was drawn from this stream.
    public func derived(_ key: UInt64) -> RandomStream {
        RandomStream(seed: SplitMix64.mix(seedMaterial &+ SplitMix64.mix(key &+ 0x632B_E59B_D9B4_E019)))
    }

    /// An independent stream for a textual key (FNV-1a hashed), e.g. `derived("sample")`.
    public func derived(_ key: String) -> RandomStream {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return derived(h)
    }

    /// The seed of ``derived(_:)-(String)`` for `key`, for APIs that take a seed rather than a stream.
    public func derivedSeed(_ key: String) -> UInt64 { derived(key).seedMaterial }

    /// A child stream seeded from this stream's next output (advances this stream).
    public mutating func split() -> RandomStream {
        RandomStream(seed: SplitMix64.mix(next()))
    }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform on [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform on (0, 1): never returns 0, for logarithms.
    @inlinable @inline(__always)
    public mutating func nextOpenDouble() -> Double { (Double(next() >> 12) + 0.5) * 0x1p-52 }

    /// Uniform on [0, 1) with 24 random bits.
    @inlinable @inline(__always)
    public mutating func nextFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform on [low, high).
    @inlinable
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * nextDouble() }

    /// Uniform integer in 0..<bound without modulo bias (Lemire's method).
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Standard normal by the Box-Muller transform; the second value of each pair is kept for the next call.
    @inlinable
    public mutating func nextNormal() -> Double {
        if let z = spareNormal { spareNormal = nil; return z }
        let u1 = nextOpenDouble(), u2 = nextDouble()
        let r = (-2 * log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        spareNormal = r * sin(theta)
        return r * cos(theta)
    }

    /// Normal with the given mean and standard deviation.
    @inlinable
    public mutating func nextNormal(mean: Double, std: Double) -> Double { mean + std * nextNormal() }

    /// Fills `buffer` with standard normals.
    @inlinable
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>) {
        for i in buffer.indices { buffer[i] = nextNormal() }
    }

    /// Fills `buffer` with Float32 standard normals.
    @inlinable
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>) {
        for i in buffer.indices { buffer[i] = Float(nextNormal()) }
    }

    /// Fisher-Yates shuffle driven by this stream (the standard library's shuffle uses its own algorithm,
    /// which may change between Swift versions; this one will not).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }

    /// A random permutation of 0..<n.
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): used only to expand seeds.
@usableFromInline
struct SplitMix64 {
    @usableFromInline var state: UInt64
    @usableFromInline init(state: UInt64) { self.state = state }
    @usableFromInline mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }
    @usableFromInline static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
