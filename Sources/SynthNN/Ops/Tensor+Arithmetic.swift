import Foundation

/// Elementwise binary operations with NumPy broadcasting over rank-2 shapes.
enum BinaryOperator {
    case add, subtract, multiply, divide
}

extension Tensor {
    /// `a op b` elementwise, broadcasting size-1 dimensions.
    static func binary(_ a: Tensor, _ b: Tensor, _ op: BinaryOperator) -> Tensor {
        guard let outShape = TensorShape.broadcast(a.shape, b.shape) else {
            preconditionFailure("shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let out = Tensor(uninitialized: outShape)
        switch op {
        case .add: broadcastLoop(a, b, out) { $0 + $1 }
        case .subtract: broadcastLoop(a, b, out) { $0 - $1 }
        case .multiply: broadcastLoop(a, b, out) { $0 * $1 }
        case .divide: broadcastLoop(a, b, out) { $0 / $1 }
        }
        let aShape = a.shape, bShape = b.shape
        switch op {
        case .add:
            return out.recorded("add", [a, b]) { ctx in
                let g = ctx.gradient
                if ctx.needsGradient(0) { ctx.accumulate(0, g.sum(toShape: aShape), exclusive: false) }
                if ctx.needsGradient(1) { ctx.accumulate(1, g.sum(toShape: bShape), exclusive: false) }
            }
        case .subtract:
            return out.recorded("sub", [a, b]) { ctx in
                let g = ctx.gradient
                if ctx.needsGradient(0) { ctx.accumulate(0, g.sum(toShape: aShape), exclusive: false) }
                if ctx.needsGradient(1) { ctx.accumulate(1, -g.sum(toShape: bShape)) }
            }
        case .multiply:
            return out.recorded("mul", [a, b]) { ctx in
                let g = ctx.gradient
                if ctx.needsGradient(0) { ctx.accumulate(0, (g * b).sum(toShape: aShape)) }
                if ctx.needsGradient(1) { ctx.accumulate(1, (g * a).sum(toShape: bShape)) }
            }
        case .divide:
            return out.recorded("div", [a, b]) { ctx in
                let g = ctx.gradient
                if ctx.needsGradient(0) { ctx.accumulate(0, (g / b).sum(toShape: aShape)) }
                if ctx.needsGradient(1) { ctx.accumulate(1, (-(g * a) / (b * b)).sum(toShape: bShape)) }
            }
        }
    }

    /// Applies `f` elementwise over the broadcast of `a` and `b` into `out`.
    @inline(__always)
    static func broadcastLoop(_ a: Tensor, _ b: Tensor, _ out: Tensor, _ f: (Float, Float) -> Float) {
        let ap = a.pointer, bp = b.pointer, op = out.pointer
        let rows = out.rows, cols = out.cols
        if a.count == out.count && b.count == out.count {
            for i in 0..<out.count { op[i] = f(ap[i], bp[i]) }
            return
        }
        let aStep = a.rows == 1 ? 0 : a.cols, bStep = b.rows == 1 ? 0 : b.cols
        let aSpread = a.cols == 1 && cols > 1, bSpread = b.cols == 1 && cols > 1
        for r in 0..<rows {
            let ar = ap + r * aStep, br = bp + r * bStep, orow = op + r * cols
            switch (aSpread, bSpread) {
            case (false, false): for c in 0..<cols { orow[c] = f(ar[c], br[c]) }
            case (false, true): let bv = br[0]; for c in 0..<cols { orow[c] = f(ar[c], bv) }
            case (true, false): let av = ar[0]; for c in 0..<cols { orow[c] = f(av, br[c]) }
            case (true, true): let v = f(ar[0], br[0]); for c in 0..<cols { orow[c] = v }
            }
        }
    }

    /// `scale * x + shift` elementwise.
    public func affine(scale: Float, shift: Float) -> Tensor {
        let out = Tensor(uninitialized: shape)
        let src = pointer, dst = out.pointer
        for i in 0..<count { dst[i] = scale * src[i] + shift }
        return out.recorded("affine", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient.affine(scale: scale, shift: 0))
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .add) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .subtract) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .multiply) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .divide) }
    public static prefix func - (x: Tensor) -> Tensor { x.affine(scale: -1, shift: 0) }

    public static func + (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1, shift: s) }
    public static func + (s: Float, a: Tensor) -> Tensor { a.affine(scale: 1, shift: s) }
    public static func - (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1, shift: -s) }
    public static func - (s: Float, a: Tensor) -> Tensor { a.affine(scale: -1, shift: s) }
    public static func * (a: Tensor, s: Float) -> Tensor { a.affine(scale: s, shift: 0) }
    public static func * (s: Float, a: Tensor) -> Tensor { a.affine(scale: s, shift: 0) }
    public static func / (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1 / s, shift: 0) }
    public static func / (s: Float, a: Tensor) -> Tensor { Tensor(scalar: s) / a }
}
