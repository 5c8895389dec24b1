import Foundation

/// Adam with PyTorch's single-tensor CPU semantics (`torch.optim.Adam`), one fused pass per parameter (in C,
/// ``ElementwiseKernels``):
///
///     g = grad + weightDecay * p            (L2 penalty added to the gradient; AdamW decays p instead)
///     m = lerp(m, g, 1 - beta1)             (ATen's lerp: m + w (g - m) for w < 0.5, else g - (g - m)(1 - w))
///     v = v * beta2 + (1 - beta2) * g * g
///     p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
///
/// `eps` is added after the bias-corrected square root, as PyTorch does. Bias corrections and the step size
/// are computed in Double (Python floats), the elementwise work in Float32 with the scalars cast as ATen casts
/// them. The step count is per parameter.
public class Adam: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let weightDecay: Double
    /// AdamW: decay the parameter by `1 - lr * weightDecay` before the update instead of adding an L2 term.
    let decoupledWeightDecay: Bool
    private var firstMoments: [Tensor?]
    private var secondMoments: [Tensor?]
    private var steps: [Int]

    public convenience init(_ parameters: [Tensor], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                            epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.init(parameters, learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay,
                  decoupled: false)
    }

    init(_ parameters: [Tensor], learningRate: Double, betas: (Double, Double), epsilon: Double,
         weightDecay: Double, decoupled: Bool) {
        precondition(learningRate >= 0, "learning rate must be >= 0, got \(learningRate)")
        precondition((0..<1).contains(betas.0) && (0..<1).contains(betas.1), "betas must be in [0, 1), got \(betas)")
        precondition(epsilon >= 0 && weightDecay >= 0, "epsilon and weight decay must be >= 0")
        self.parameters = parameters
        self.learningRate = learningRate
        beta1 = betas.0
        beta2 = betas.1
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        decoupledWeightDecay = decoupled
        firstMoments = Array(repeating: nil, count: parameters.count)
        secondMoments = Array(repeating: nil, count: parameters.count)
        steps = Array(repeating: 0, count: parameters.count)
    }

    /// The number of updates applied to parameter `index`.
    public func stepCount(ofParameter index: Int) -> Int { steps[index] }

    /// What the optimiser carries from one step to the next, for a training checkpoint: the learning rate,
    /// and per parameter (in ``parameters`` order) its step count and its two moments (nil before its first
    /// update). Continuing from a restored state updates exactly as the original optimiser would have.
    public struct State: Equatable, Sendable {
        public var learningRate: Double
        public var steps: [Int]
        public var firstMoments: [[Float]?]
        public var secondMoments: [[Float]?]

        public init(learningRate: Double, steps: [Int], firstMoments: [[Float]?], secondMoments: [[Float]?]) {
            self.learningRate = learningRate; self.steps = steps
            self.firstMoments = firstMoments; self.secondMoments = secondMoments
        }
    }

    /// A copy of the current state.
    public var state: State {
        State(learningRate: learningRate, steps: steps, firstMoments: firstMoments.map { $0?.toArray() },
              secondMoments: secondMoments.map { $0?.toArray() })
    }

    /// Puts `state` back. It must come from an optimiser of parameters of the same element counts (a checkpoint
    /// is checked against the model before this).
    public func restore(_ state: State) {
        let n = parameters.count
        precondition(state.steps.count == n && state.firstMoments.count == n && state.secondMoments.count == n,
                     "optimiser state for \(state.steps.count) parameters, this optimiser has \(n)")
        learningRate = state.learningRate
        steps = state.steps
        for (i, p) in parameters.enumerated() {
            precondition((state.firstMoments[i] == nil) == (state.secondMoments[i] == nil), "moments \(i) half present")
            guard let m = state.firstMoments[i], let v = state.secondMoments[i] else {
                firstMoments[i] = nil; secondMoments[i] = nil; continue
            }
            precondition(m.count == p.count && v.count == p.count, "moments \(i) of \(m.count) values for \(p.shape)")
            firstMoments[i] = Tensor(m, shape: p.shape)
            secondMoments[i] = Tensor(v, shape: p.shape)
        }
    }

    public func step() {
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            if firstMoments[i] == nil {
                firstMoments[i] = Tensor.zeros(p.shape)
                secondMoments[i] = Tensor.zeros(p.shape)
            }
            steps[i] += 1
            p.storage.markWritten()
            update(p.pointer, grad.pointer, firstMoments[i]!.pointer, secondMoments[i]!.pointer, p.count,
                   step: steps[i])
        }
    }

    private func update(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                        _ v: UnsafeMutablePointer<Float>, _ n: Int, step: Int) {
        let t = Double(step)
        let stepSize = learningRate / (1 - Foundation.pow(beta1, t))
        let k = Constants(
            negStep: Float(-stepSize), bc2Sqrt: Float((1 - Foundation.pow(beta2, t)).squareRoot()),
            w: Float(1 - beta1), b2: Float(beta2), oneMinusB2: Float(1 - beta2), eps: Float(epsilon),
            l2: decoupledWeightDecay ? 0 : Float(weightDecay),
            decay: decoupledWeightDecay ? Float(1 - learningRate * weightDecay) : 1)
        ElementwiseKernels.adam(p, g, m, v, count: n, k, decoupled: decoupledWeightDecay, l2: k.l2 != 0,
                                lerpLow: k.w < 0.5)
    }

    /// The Float32 scalars of one update, cast from the Double hyperparameters as ATen casts them.
    struct Constants {
        let negStep: Float, bc2Sqrt: Float, w: Float, b2: Float, oneMinusB2: Float, eps: Float, l2: Float, decay: Float
    }
}
