/// Stochastic gradient descent with PyTorch's semantics (`torch.optim.SGD`), bit for bit:
/// `g = grad + weightDecay * p`; with momentum `buf = g` on the first step, then
/// `buf = momentum * buf + (1 - dampening) * g`; `g = nesterov ? g + momentum * buf : buf`;
/// `p -= lr * g`.
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let momentum: Double
    public let dampening: Double
    public let weightDecay: Double
    public let nesterov: Bool
    private var buffers: [Tensor?]

    public init(_ parameters: [Tensor], learningRate: Double, momentum: Double = 0, dampening: Double = 0,
                weightDecay: Double = 0, nesterov: Bool = false) {
        precondition(learningRate >= 0, "learning rate must be >= 0, got \(learningRate)")
        precondition(momentum >= 0 && weightDecay >= 0, "momentum and weight decay must be >= 0")
        precondition(!nesterov || (momentum > 0 && dampening == 0), "Nesterov momentum requires a momentum and zero dampening")
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        buffers = Array(repeating: nil, count: parameters.count)
    }

    public func step() {
        // ATen's `add_(other, alpha=a)` is a fused multiply-add, `self + a * other` rounded once; using
        // `addingProduct` for each such step keeps the results bit-identical to PyTorch.
        let wd = Float(weightDecay), mu = Float(momentum), damp = Float(1 - dampening), negLR = Float(-learningRate)
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let n = p.count
            let pp = p.pointer, gp = grad.pointer
            p.storage.markWritten()
            @inline(__always) func decayed(_ j: Int) -> Float { wd == 0 ? gp[j] : gp[j].addingProduct(wd, pp[j]) }
            if momentum == 0 {
                for j in 0..<n { pp[j] = pp[j].addingProduct(negLR, decayed(j)) }
                continue
            }
            let buf: Tensor
            let first = buffers[i] == nil
            if let b = buffers[i] { buf = b } else { buf = Tensor(uninitialized: p.shape); buffers[i] = buf }
            let bp = buf.pointer
            for j in 0..<n {
                let g = decayed(j)
                bp[j] = first ? g : (bp[j] * mu).addingProduct(damp, g)
                let step = nesterov ? g.addingProduct(mu, bp[j]) : bp[j]
                pp[j] = pp[j].addingProduct(negLR, step)
            }
        }
    }
}
