import SynthMath

/// Inverted dropout as `torch.nn.functional.dropout` in training: each element is kept with probability
/// `1 - p` and scaled by `1 / (1 - p)`, else zeroed.
///
/// Draws: one 64-bit output per two elements, row-major; element `2i` is dropped when the low 32 bits of
/// draw `i` (a uniform integer below 2³²) are below `round(p 2³²)`, element `2i + 1` by the high 32 bits
/// (an odd count uses the low half of a last draw). The mask is kept only when a gradient will be needed.
public func dropout(_ x: Tensor, probability p: Float, rng: inout RandomStream) -> Tensor {
    precondition(p >= 0 && p <= 1, "dropout probability must be in [0, 1], got \(p)")
    if p == 0 { return x }
    let n = x.count
    let keep: Float = p == 1 ? 0 : 1 / (1 - p)
    let threshold = UInt64((Double(p) * 0x1p32).rounded())
    let out = Tensor(uninitialized: x.shape)
    let recording = GradMode.isEnabled && x.requiresGrad
    let mask = recording ? Tensor(uninitialized: x.shape) : nil
    let xp = x.pointer, op = out.pointer
    @inline(__always) func scale(_ bits: UInt64) -> Float { bits < threshold ? 0 : keep }
    var i = 0
    if let mp = mask?.pointer {
        while i + 2 <= n {
            let b = rng.next()
            let s0 = scale(b & 0xFFFF_FFFF), s1 = scale(b >> 32)
            mp[i] = s0; mp[i + 1] = s1
            op[i] = xp[i] * s0; op[i + 1] = xp[i + 1] * s1
            i += 2
        }
        if i < n { let s = scale(rng.next() & 0xFFFF_FFFF); mp[i] = s; op[i] = xp[i] * s }
    } else {
        while i + 2 <= n {
            let b = rng.next()
            op[i] = xp[i] * scale(b & 0xFFFF_FFFF); op[i + 1] = xp[i + 1] * scale(b >> 32)
            i += 2
        }
        if i < n { op[i] = xp[i] * scale(rng.next() & 0xFFFF_FFFF) }
    }
    guard let mask else { return out }
    return out.recorded("dropout", [x]) { ctx in
        ctx.accumulate(0, ctx.gradient * mask, exclusive: !ctx.createGraph)
    }
}

/// Standard Gumbel noise `-log(-log U)` for every element of `shape`, with `U` uniform on (0, 1), in
/// Float32 as PyTorch draws it (`-empty_like(logits).exponential_().log()`); see ``openUnitFloat(_:)``.
/// One 64-bit draw per element, row-major.
public func gumbelNoise(_ shape: TensorShape, rng: inout RandomStream) -> Tensor {
    let t = Tensor(uninitialized: shape)
    fillGumbelNoise(t.pointer, count: shape.count, rng: &rng)
    return t
}

/// Writes `count` standard Gumbel values (one draw each, in order) to `p`; the logarithms are vectorised.
func fillGumbelNoise(_ p: UnsafeMutablePointer<Float>, count: Int, rng: inout RandomStream) {
    for i in 0..<count { p[i] = openUnitFloat(rng.next()) }
    FastMath.gumbel(p, p, count: count)
}

/// A Float32 uniform on the open interval (0, 1) from the top 23 bits of `bits`: `(k + 1/2) 2^-23`, exact
/// in Float32, from `2^-24` to `1 - 2^-24` (24 bits would round the largest values to 1, whose logarithm
/// 0 makes the Gumbel noise infinite). The Gumbel noise is therefore bounded by about -2.8 and 16.6.
@inline(__always)
func openUnitFloat(_ bits: UInt64) -> Float {
    (Float(bits >> 41) + 0.5) * 0x1p-23
}
