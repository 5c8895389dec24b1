import Foundation

/// An elementwise activation whose derivative can be computed from its output alone, so a fused
/// ``linear(_:weight:bias:activation:recorder:)`` keeps only the activated output, as PyTorch's in-place
/// activations do. (SiLU and GELU need their input and are composite functions instead:
/// ``silu(_:)``, ``gelu(_:)``.)
public enum Activation: Sendable, Equatable, CustomStringConvertible {
    case identity
    /// `max(x, 0)`.
    case relu
    /// `x` for `x > 0`, else `slope * x` (PyTorch's default slope is 0.01; CTGAN uses 0.2). `slope >= 0`.
    case leakyReLU(slope: Float)
    /// `x` for `x > 0`, else `alpha * (e^x - 1)` (`alpha > 0`).
    case elu(alpha: Float)
    /// `scale * elu(x, alpha)` with the constants of Klambauer et al. (2017), as `torch.nn.SELU`.
    case selu
    case tanh
    /// `1 / (1 + e^-x)`.
    case sigmoid

    static let seluAlpha: Float = 1.6732632423543772848170429916717
    static let seluScale: Float = 1.0507009873554804934193349852946

    public var description: String {
        switch self {
        case .identity: return "identity"
        case .relu: return "relu"
        case .leakyReLU(let s): return "leakyReLU(\(s))"
        case .elu(let a): return "elu(\(a))"
        case .selu: return "selu"
        case .tanh: return "tanh"
        case .sigmoid: return "sigmoid"
        }
    }

    /// Checks the parameters (`slope >= 0`, `alpha > 0`): the derivative is recovered from the output's
    /// sign, which needs them.
    func validate() {
        switch self {
        case .leakyReLU(let s): precondition(s >= 0, "leakyReLU slope must be >= 0, got \(s)")
        case .elu(let a): precondition(a > 0, "elu alpha must be > 0, got \(a)")
        default: break
        }
    }

    /// `dst[i] = f(src[i] + bias[i % cols])` over a `rows x cols` block (bias optional); `src` may be `dst`.
    func apply(_ src: UnsafePointer<Float>, bias: UnsafePointer<Float>?, rows: Int, cols: Int,
               into dst: UnsafeMutablePointer<Float>) {
        typealias V = Vectorized.V
        switch self {
        case .identity: Activation.biasAdd(src, bias, rows, cols, dst)
        case .relu: Activation.biasReLU(src, bias, rows, cols, dst)
        case .leakyReLU(let s):
            Activation.vectorLoop(src, bias, rows, cols, dst) { $0.replacing(with: $0 * s, where: $0 .< 0) }
        case .elu(let a): Activation.loop(src, bias, rows, cols, dst) { $0 > 0 ? $0 : a * Foundation.expm1($0) }
        case .selu:
            let a = Activation.seluAlpha, sc = Activation.seluScale
            Activation.loop(src, bias, rows, cols, dst) { sc * ($0 > 0 ? $0 : a * Foundation.expm1($0)) }
        case .tanh: Activation.loop(src, bias, rows, cols, dst) { FastMath.tanh($0) }
        case .sigmoid: Activation.loop(src, bias, rows, cols, dst) { FastMath.sigmoid($0) }
        }
    }

    /// `dst = src + bias` (or a copy without bias): the fused linear layer's pass after the sgemm, in C
    /// (``ElementwiseKernels``; the Swift loop's bits). `dst` may be `src`.
    static func biasAdd(_ src: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?, _ rows: Int, _ cols: Int,
                        _ dst: UnsafeMutablePointer<Float>) {
        guard let b = bias else {
            if UnsafePointer(dst) != src { dst.update(from: src, count: rows * cols) }
            return
        }
        ElementwiseKernels.biasActivation(src, bias: b, rows: rows, cols: cols, into: dst, relu: false)
    }

    /// `dst = max(src + bias, 0)` as `v < 0 ? 0 : v` (NaN and −0 pass through), in C (see
    /// ``biasAdd(_:_:_:_:_:)``).
    static func biasReLU(_ src: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?, _ rows: Int, _ cols: Int,
                         _ dst: UnsafeMutablePointer<Float>) {
        ElementwiseKernels.biasActivation(src, bias: bias, rows: rows, cols: cols, into: dst, relu: true)
    }

    /// The SIMD form of ``loop(_:_:_:_:_:_:)`` for activations without transcendental functions.
    @inline(__always)
    static func vectorLoop(_ src: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?, _ rows: Int, _ cols: Int,
                           _ dst: UnsafeMutablePointer<Float>, _ f: (Vectorized.V) -> Vectorized.V) {
        if let b = bias {
            for r in 0..<rows { Vectorized.map(src + r * cols, b, dst + r * cols, cols) { f($0 + $1) } }
        } else {
            Vectorized.map(src, dst, rows * cols, f)
        }
    }

    /// `dst = f(src + bias)` with a scalar `f` (see ``Vectorized/apply(_:_:_:_:)``).
    @inline(__always)
    static func loop(_ src: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?, _ rows: Int, _ cols: Int,
                     _ dst: UnsafeMutablePointer<Float>, _ f: (Float) -> Float) {
        if let b = bias {
            Vectorized.apply(src, bias: b, dst, rows: rows, cols: cols, f)
        } else {
            Vectorized.apply(src, dst, rows * cols, f)
        }
    }

    /// `dst[i] = g[i] * f'(y[i])`, with `f'` written in terms of the output `y`. Both inputs are loaded
    /// unconditionally so the selects vectorise.
    func backward(gradient g: UnsafePointer<Float>, output y: UnsafePointer<Float>, count n: Int,
                  into dst: UnsafeMutablePointer<Float>) {
        switch self {
        case .identity: Vectorized.map(g, y, dst, n) { gi, _ in gi }
        case .relu: Activation.reluBackward(g, y, n, dst)
        case .leakyReLU(let s): Vectorized.map(g, y, dst, n) { gi, yi in gi.replacing(with: gi * s, where: .!(yi .> 0)) }
        case .elu(let a): Activation.backwardLoop(g, y, n, dst) { gi, yi in yi > 0 ? gi : gi * (yi + a) }
        case .selu:
            let sa = Activation.seluScale * Activation.seluAlpha, sc = Activation.seluScale
            Activation.backwardLoop(g, y, n, dst) { gi, yi in yi > 0 ? gi * sc : gi * (yi + sa) }
        case .tanh: Vectorized.map(g, y, dst, n) { gi, yi in gi * (1 - yi * yi) }
        case .sigmoid: Vectorized.map(g, y, dst, n) { gi, yi in gi * yi * (1 - yi) }
        }
    }

    /// `dst = y > 0 ? g : 0` as an explicit SIMD loop (the closure form was not inlined).
    static func reluBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int,
                             _ dst: UnsafeMutablePointer<Float>) {
        let zero = Vectorized.V(repeating: 0)
        var i = 0
        while i + 8 <= n {
            Vectorized.store(Vectorized.load(g, i).replacing(with: zero, where: .!(Vectorized.load(y, i) .> zero)), dst, i)
            i += 8
        }
        while i < n { dst[i] = y[i] > 0 ? g[i] : 0; i += 1 }
    }

    /// ``backward(gradient:output:count:into:)`` over a `rows x cols` block that also adds each row of the
    /// result into `sums` (a bias gradient, `cols` values; zeroed first unless `accumulate`), in the same
    /// pass and in the same order as ``Kernels/columnSums(_:rows:cols:into:accumulate:)`` after it, so the
    /// sums are the same bytes. ReLU runs as one pass in C (``ElementwiseKernels``); other activations as the two
    /// passes.
    func backward(gradient g: UnsafePointer<Float>, output y: UnsafePointer<Float>, rows: Int, cols: Int,
                  into dst: UnsafeMutablePointer<Float>, columnSums sums: UnsafeMutablePointer<Float>, accumulate: Bool) {
        guard self == .relu else {
            backward(gradient: g, output: y, count: rows * cols, into: dst)
            Kernels.columnSums(dst, rows: rows, cols: cols, into: sums, accumulate: accumulate)
            return
        }
        ElementwiseKernels.reluBackward(gradient: g, output: y, rows: rows, cols: cols, into: dst, columnSums: sums,
                                        accumulate: accumulate)
    }

    @inline(__always)
    static func backwardLoop(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int,
                             _ dst: UnsafeMutablePointer<Float>, _ f: (Float, Float) -> Float) {
        for i in 0..<n {
            let gi = g[i], yi = y[i]
            dst[i] = f(gi, yi)
        }
    }
}

extension Tensor {
    /// `activation(x)` elementwise.
    public func activated(_ activation: Activation) -> Tensor {
        if activation == .identity { return self }
        activation.validate()
        let out = Tensor(uninitialized: shape)
        activation.apply(pointer, bias: nil, rows: rows, cols: cols, into: out.pointer)
        return out.recorded("activation", [self]) { ctx in
            ctx.accumulate(0, Tensor.activationBackward(ctx.gradient, output: ctx.output, activation), exclusive: true)
        }
    }

    /// `g * f'(y)` where `y = f(x)`: the gradient through an activation, itself differentiable in both
    /// `g` (linearly) and `y` (through `f''` written in terms of `y`).
    static func activationBackward(_ g: Tensor, output y: Tensor, _ activation: Activation) -> Tensor {
        precondition(g.count == y.count, "activation gradient shape \(g.shape) vs output \(y.shape)")
        if activation == .identity { return g }
        let out = Tensor(uninitialized: y.shape)
        activation.backward(gradient: g.pointer, output: y.pointer, count: y.count, into: out.pointer)
        return out.recorded("activationBackward", [g, y]) { ctx in
            let gg = ctx.gradient
            if ctx.needsGradient(0) { ctx.accumulate(0, activationBackward(gg, output: y, activation)) }
            guard ctx.needsGradient(1) else { return }
            switch activation {
            case .identity, .relu, .leakyReLU: break  // f'' = 0 almost everywhere
            case .elu, .selu:
                // On x <= 0, f'(x) = y + const, so d f'/dy = 1 there.
                let mask = noGrad { y.mapped { $0 > 0 ? 0 : 1 } }
                ctx.accumulate(1, gg * g * mask)
            case .tanh: ctx.accumulate(1, gg * g * y * -2)  // d(1 - y^2)/dy
            case .sigmoid: ctx.accumulate(1, gg * g * (1 - 2 * y))  // d(y - y^2)/dy
            }
        }
    }
}

/// `max(x, 0)`.
public func relu(_ x: Tensor) -> Tensor { x.activated(.relu) }
/// Leaky ReLU with the given negative slope (PyTorch's default 0.01).
public func leakyReLU(_ x: Tensor, slope: Float = 0.01) -> Tensor { x.activated(.leakyReLU(slope: slope)) }
/// ELU with `alpha` (default 1).
public func elu(_ x: Tensor, alpha: Float = 1) -> Tensor { x.activated(.elu(alpha: alpha)) }
/// SELU (`torch.nn.SELU`).
public func selu(_ x: Tensor) -> Tensor { x.activated(.selu) }
/// Hyperbolic tangent.
public func tanh(_ x: Tensor) -> Tensor { x.activated(.tanh) }
/// The logistic sigmoid.
public func sigmoid(_ x: Tensor) -> Tensor { x.activated(.sigmoid) }
/// SiLU (swish), `x * sigmoid(x)`, as one recorded operation: the forward pass keeps `s = sigmoid(x)` and the
/// backward pass computes `g s + ((g x) s)(1 − s)` in one loop, the same Float operations in the same order as
/// the composition `x * sigmoid(x)` on the tape (so the same bytes), without its four intermediate tensors.
/// A recorded (double-backward) pass differentiates that composition instead.
public func silu(_ x: Tensor) -> Tensor {
    let s = Tensor(uninitialized: x.shape), out = Tensor(uninitialized: x.shape)
    let n = x.count
    ElementwiseKernels.siluForward(x.pointer, count: n, sigmoid: s.pointer, into: out.pointer)
    return out.recorded("silu", [x]) { ctx in
        if ctx.createGraph {
            ctx.accumulateByReference { $0[0] * sigmoid($0[0]) }
            return
        }
        let dx = Tensor(uninitialized: x.shape)  // the closure keeps `s` alive
        ElementwiseKernels.siluBackward(gradient: ctx.gradient.pointer, input: x.pointer, sigmoid: s.pointer, count: n,
                                        into: dx.pointer)
        ctx.accumulate(0, dx, exclusive: true)
    }
}
/// GELU with the exact erf form, `0.5 * x * (1 + erf(x / sqrt 2))` (`torch.nn.GELU()` default).
public func gelu(_ x: Tensor) -> Tensor { x * ((x * Float(1 / 2.0.squareRoot())).erf() + 1) * 0.5 }
