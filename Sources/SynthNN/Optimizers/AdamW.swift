/// AdamW (`torch.optim.AdamW`): Adam with decoupled weight decay, `p *= 1 - lr * weightDecay` before the
/// Adam update, default `weightDecay = 0.01`. TabDDPM trains with it.
public final class AdamW: Adam {
    public init(_ parameters: [Tensor], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                epsilon: Double = 1e-8, weightDecay: Double = 1e-2) {
        super.init(parameters, learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay,
                   decoupled: true)
    }
}
