import SynthMath

/// A dense Float32 array of rank 0, 1 or 2, row-major and contiguous, that records the operations made
/// from it for reverse-mode differentiation.
///
/// A tensor is a reference: parameters are tensors that optimizers update in place. Operations return new
/// tensors whose buffers come from the current ``BufferPool``. When gradient recording is on (see
/// ``noGrad(_:)``) and an input ``requiresGrad``, the result remembers how it was made, and
/// ``backward()`` or ``gradients(of:withRespectTo:seed:createGraph:)`` can walk back through it.
public final class Tensor {
    public let shape: TensorShape
    @usableFromInline let storage: TensorStorage
    /// How this tensor was computed, when recorded (nil for leaves and for results made under `noGrad`).
    var node: Node?
    var leafRequiresGrad = false
    var storedGrad: Tensor?
    /// Set by `zeroGrad`: the gradient buffer is kept for reuse but reads as nil until written again.
    var gradPendingReset = false

    init(shape: TensorShape, storage: TensorStorage) {
        precondition(storage.count >= shape.count, "storage smaller than shape")
        self.shape = shape
        self.storage = storage
    }

    /// An uninitialised tensor (contents undefined): for ops that write every element.
    init(uninitialized shape: TensorShape) {
        self.shape = shape
        storage = TensorStorage(count: shape.count)
    }

    /// A tensor of `shape` filled with `value`.
    public convenience init(repeating value: Float, shape: TensorShape) {
        self.init(uninitialized: shape)
        storage.pointer.update(repeating: value, count: shape.count)
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: TensorShape) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A tensor of ones.
    public static func ones(_ shape: TensorShape) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// A tensor holding `values` (row-major) in `shape`.
    public convenience init(_ values: [Float], shape: TensorShape) {
        precondition(values.count == shape.count, "\(values.count) values for shape \(shape)")
        self.init(uninitialized: shape)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { storage.pointer.update(from: base, count: values.count) }
        }
    }

    /// A matrix from nested rows (all of one length).
    public convenience init(_ rows: [[Float]]) {
        let cols = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == cols }, "ragged rows")
        self.init(rows.flatMap { $0 }, shape: .matrix(rows.count, cols))
    }

    /// A vector.
    public convenience init(vector values: [Float]) { self.init(values, shape: .vector(values.count)) }

    /// A scalar.
    public convenience init(scalar value: Float) { self.init([value], shape: .scalar) }

    /// Uniform on [low, high) from `rng` (24-bit floats, drawn in row-major order).
    public static func uniform(_ shape: TensorShape, low: Float, high: Float,
                               rng: inout RandomStream) -> Tensor {
        let t = Tensor(uninitialized: shape)
        let p = t.storage.pointer
        let width = high - low
        for i in 0..<shape.count { p[i] = low + width * rng.nextFloat() }
        return t
    }

    /// Normal with the given mean and standard deviation from `rng` (``ZigguratNormal``, row-major order).
    public static func normal(_ shape: TensorShape, mean: Float = 0, std: Float = 1,
                              rng: inout RandomStream) -> Tensor {
        let t = Tensor(uninitialized: shape)
        ZigguratNormal.fill(UnsafeMutableBufferPointer(start: t.storage.pointer, count: shape.count), mean: mean,
                            std: std, rng: &rng)
        return t
    }

    // MARK: - Shape

    @inlinable public var rows: Int { shape.rows }
    @inlinable public var cols: Int { shape.cols }
    @inlinable public var count: Int { shape.count }
    @inlinable public var rank: Int { shape.rank }

    // MARK: - Reading and writing values

    /// The elements in row-major order.
    public func toArray() -> [Float] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// The rows as nested arrays.
    public func toRows() -> [[Float]] {
        (0..<rows).map { r in Array(UnsafeBufferPointer(start: storage.pointer + r * cols, count: cols)) }
    }

    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item of a tensor of shape \(shape)")
        return storage.pointer[0]
    }

    /// Element (row, col).
    public subscript(row: Int, col: Int) -> Float {
        precondition(row >= 0 && row < rows && col >= 0 && col < cols, "index (\(row), \(col)) outside \(shape)")
        return storage.pointer[row * cols + col]
    }

    /// Read access to the buffer.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// Write access to the buffer, for in-place updates outside the graph (optimizers, initialisers,
    /// data loading). A tensor that was computed by a recorded operation cannot be written.
    @inlinable
    public func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        precondition(isLeaf, "in-place write to a tensor that is part of a recorded graph")
        storage.markWritten()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }

    /// Copies the values of `other` (same element count) into this tensor, in place.
    public func assign(_ other: Tensor) {
        precondition(other.count == count, "assign of \(other.shape) into \(shape)")
        precondition(isLeaf, "in-place write to a tensor that is part of a recorded graph")
        if other.storage !== storage {
            storage.pointer.update(from: other.storage.pointer, count: count)
            storage.markWritten()
        }
    }

    /// Copies `values` into this tensor, in place.
    public func assign(_ values: [Float]) {
        precondition(values.count == count, "\(values.count) values into \(shape)")
        withUnsafeMutableBufferPointer { dst in _ = dst.update(fromContentsOf: values) }
    }

    @usableFromInline var pointer: UnsafeMutablePointer<Float> { storage.pointer }

    // MARK: - Autodiff state

    /// True for tensors not computed by a recorded operation (inputs, parameters, constants).
    public var isLeaf: Bool { node == nil }

    /// A leaf that requires a gradient: a parameter (or an input differentiated against, such as the
    /// gradient penalty's interpolates).
    var isParameter: Bool { node == nil && leafRequiresGrad }

    /// Whether gradients flow to or through this tensor. Settable on leaves only (a parameter is a leaf
    /// with `requiresGrad = true`).
    public var requiresGrad: Bool {
        get { node != nil || leafRequiresGrad }
        set {
            precondition(node == nil, "requiresGrad can only be set on a leaf tensor")
            leafRequiresGrad = newValue
        }
    }

    /// The gradient accumulated by ``backward()`` into this leaf, or nil if none since the last
    /// ``zeroGrad()``.
    public var grad: Tensor? {
        gradPendingReset ? nil : storedGrad
    }

    /// Forgets the gradient (as PyTorch's `zero_grad(set_to_none=True)`), keeping its buffer for reuse: the
    /// next backward pass writes into it instead of allocating.
    public func zeroGrad() { if storedGrad != nil { gradPendingReset = true } }

    /// Sets the gradient directly (e.g. DP-SGD writes its noised, clipped gradient).
    public func setGrad(_ g: Tensor) {
        precondition(g.count == count, "gradient of \(g.shape) for a tensor of \(shape)")
        if let existing = storedGrad, existing.count == count, existing !== g {
            existing.storage.pointer.update(from: g.storage.pointer, count: count)
        } else {
            storedGrad = g.node == nil ? g : g.detached()
        }
        gradPendingReset = false
    }

    /// The gradient buffer to write into, reused when present; `fresh` is true when its contents are stale.
    func gradientBuffer() -> (buffer: Tensor, fresh: Bool) {
        if let g = storedGrad, g.shape == shape {
            let fresh = gradPendingReset
            gradPendingReset = false
            return (g, fresh)
        }
        let g = Tensor(uninitialized: shape)
        storedGrad = g
        gradPendingReset = false
        return (g, true)
    }

    /// A leaf sharing this tensor's buffer, cut from the graph.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// A deep copy (new buffer, no graph).
    public func copy() -> Tensor {
        let t = Tensor(uninitialized: shape)
        t.storage.pointer.update(from: storage.pointer, count: count)
        return t
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let limit = 8
        func fmt(_ r: Int) -> String {
            let n = min(cols, limit)
            let xs = (0..<n).map { String(storage.pointer[r * cols + $0]) }
            return "[" + xs.joined(separator: ", ") + (cols > limit ? ", ..." : "") + "]"
        }
        switch rank {
        case 0: return "Tensor(\(storage.pointer[0]))"
        case 1: return "Tensor(\(fmt(0)))"
        default:
            let shown = (0..<min(rows, limit)).map(fmt).joined(separator: ", ")
            return "Tensor(\(shape): [\(shown)\(rows > limit ? ", ..." : "")])"
        }
    }
}
