import Foundation

extension Tensor {
    /// A new tensor of the same shape with `f` applied to every element.
    @inline(__always)
    func mapped(_ f: (Float) -> Float) -> Tensor {
        let out = Tensor(uninitialized: shape)
        let src = pointer, dst = out.pointer
        for i in 0..<count { dst[i] = f(src[i]) }
        return out
    }

    /// A new tensor of the same shape from a buffer function (`f(src, dst, count)`).
    @inline(__always)
    func mapped(_ f: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
        let out = Tensor(uninitialized: shape)
        f(pointer, out.pointer, count)
        return out
    }

    /// `e^x` (``FastMath/exp(_:_:count:)``, vectorised).
    public func exp() -> Tensor {
        mapped { FastMath.exp($0, $1, count: $2) }.recorded("exp", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient * ctx.output)
        }
    }

    /// Natural logarithm (``FastMath/log(_:_:count:)``, vectorised).
    public func log() -> Tensor {
        mapped { FastMath.log($0, $1, count: $2) }.recorded("log", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient / self)
        }
    }

    /// `log(1 + x)`, accurate near 0.
    public func log1p() -> Tensor {
        mapped { Foundation.log1p($0) }.recorded("log1p", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient / (self + 1))
        }
    }

    /// Square root.
    public func sqrt() -> Tensor {
        mapped { $0.squareRoot() }.recorded("sqrt", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient * 0.5 / ctx.output)
        }
    }

    /// `x * x`.
    public func square() -> Tensor {
        mapped { $0 * $0 }.recorded("square", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient * self * 2)
        }
    }

    /// `x^p` for a constant exponent.
    public func pow(_ p: Float) -> Tensor {
        if p == 2 { return square() }
        if p == 1 { return self }
        return mapped { Foundation.pow($0, p) }.recorded("pow", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient * self.pow(p - 1) * p)
        }
    }

    /// `|x|` (gradient `sign(x)`, 0 at 0 as PyTorch).
    public func abs() -> Tensor {
        mapped { Swift.abs($0) }.recorded("abs", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient * self.sign())
        }
    }

    /// -1, 0 or 1 (a constant: no gradient).
    public func sign() -> Tensor {
        noGrad { mapped { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } }
    }

    /// Sine.
    public func sin() -> Tensor {
        mapped { Foundation.sin($0) }.recorded("sin", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient * self.cos())
        }
    }

    /// Cosine.
    public func cos() -> Tensor {
        mapped { Foundation.cos($0) }.recorded("cos", [self]) { ctx in
            ctx.accumulate(0, -(ctx.gradient * self.sin()))
        }
    }

    /// The error function (gradient `2/sqrt(pi) * exp(-x^2)`).
    public func erf() -> Tensor {
        mapped { Foundation.erf($0) }.recorded("erf", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient * (-self.square()).exp() * Float(2 / Double.pi.squareRoot()))
        }
    }

    /// `min(max(x, low), high)`; the gradient passes where `low <= x <= high` (PyTorch's clamp).
    public func clamped(min low: Float = -.infinity, max high: Float = .infinity) -> Tensor {
        mapped { Swift.min(Swift.max($0, low), high) }.recorded("clamp", [self]) { ctx in
            let mask = noGrad { self.mapped { $0 >= low && $0 <= high ? 1 : 0 } }
            ctx.accumulate(0, ctx.gradient * mask)
        }
    }

    /// `log(e^a + e^b)` elementwise with broadcasting, computed stably.
    public static func logAddExp(_ a: Tensor, _ b: Tensor) -> Tensor {
        guard let outShape = TensorShape.broadcast(a.shape, b.shape) else {
            preconditionFailure("shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let out = Tensor(uninitialized: outShape)
        broadcastLoop(a, b, out) { x, y in
            let m = Swift.max(x, y)
            if m == -.infinity { return -.infinity }
            return m + Foundation.log1p(Foundation.exp(-Swift.abs(x - y)))
        }
        let aShape = a.shape, bShape = b.shape
        return out.recorded("logaddexp", [a, b]) { ctx in
            let g = ctx.gradient, o = ctx.output
            if ctx.needsGradient(0) { ctx.accumulate(0, (g * (a - o).exp()).sum(toShape: aShape)) }
            if ctx.needsGradient(1) { ctx.accumulate(1, (g * (b - o).exp()).sum(toShape: bShape)) }
        }
    }
}
