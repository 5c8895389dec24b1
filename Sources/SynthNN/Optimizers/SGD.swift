/// Stochastic gradient descent with PyTorch's semantics (`torch.optim.SGD`):
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
        let wd = Float(weightDecay), mu = Float(momentum), damp = Float(1 - dampening), negLR = Float(-learningRate)
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let n = p.count
            let pp = p.pointer, gp = grad.pointer
            if momentum == 0 {
                for j in 0..<n { pp[j] += negLR * (wd == 0 ? gp[j] : gp[j] + wd * pp[j]) }
                continue
            }
            if let buf = buffers[i] {
                let bp = buf.pointer
                for j in 0..<n {
                    let g = wd == 0 ? gp[j] : gp[j] + wd * pp[j]
                    bp[j] = bp[j] * mu + damp * g
                    pp[j] += negLR * (nesterov ? g + mu * bp[j] : bp[j])
                }
            } else {
                let buf = Tensor(uninitialized: p.shape)
                let bp = buf.pointer
                for j in 0..<n {
                    let g = wd == 0 ? gp[j] : gp[j] + wd * pp[j]
                    bp[j] = g
                    pp[j] += negLR * (nesterov ? g + mu * bp[j] : bp[j])
                }
                buffers[i] = buf
            }
        }
    }
}
