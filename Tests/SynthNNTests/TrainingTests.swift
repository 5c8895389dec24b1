import Foundation
import SynthMath
import Testing
@testable import SynthNN

/// End-to-end training of tiny MLPs to stated losses.
@Suite("Training")
struct TrainingTests {
    /// XOR with a 2-8-1 tanh MLP, BCE on logits, Adam lr 0.05, 300 full-batch steps: the loss falls below
    /// 0.05 and every prediction is on the right side of 0.5.
    @Test func mlpLearnsXOR() {
        var rng = RandomStream(seed: 1)
        let model = Sequential([Linear(2, 8, rng: &rng), Tanh(), Linear(8, 1, rng: &rng)])
        let opt = Adam(model.parameters(), learningRate: 0.05)
        let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = Tensor([[0], [1], [1], [0]])
        var loss: Float = .infinity
        for _ in 0..<300 {
            opt.zeroGrad()
            let l = binaryCrossEntropyWithLogits(model(x, rng: &rng), y)
            l.backward()
            opt.step()
            loss = l.item
        }
        #expect(loss < 0.05, "XOR loss \(loss)")
        let p = noGrad { sigmoid(model(x, rng: &rng)) }.toArray()
        #expect(p[0] < 0.5 && p[1] > 0.5 && p[2] > 0.5 && p[3] < 0.5, "XOR predictions \(p)")
    }

    /// A 2-D regression, `y = sin(2 x1) * cos(x2)` on 256 points of [-2, 2]^2 (target variance about 0.24),
    /// with a 2-32-32-1 ReLU MLP, Adam lr 0.01, mini-batches of 64 for 600 steps: mean squared error
    /// below 0.01 on the full set.
    @Test func mlpFitsATwoDimensionalFunction() {
        var rng = RandomStream(seed: 2)
        let n = 256
        let inputs = Tensor.uniform(.matrix(n, 2), low: -2, high: 2, rng: &rng)
        let targets = Tensor(inputs.toRows().map { [Float(sin(2 * Double($0[0])) * cos(Double($0[1])))] })
        let model = Sequential([Linear(2, 32, rng: &rng), ReLU(), Linear(32, 32, rng: &rng), ReLU(), Linear(32, 1, rng: &rng)])
        let opt = Adam(model.parameters(), learningRate: 0.01)
        for step in 0..<600 {
            let start = (step * 64) % n
            let rows = Array(start..<(start + 64))
            opt.zeroGrad()
            mseLoss(model(inputs.gatherRows(rows), rng: &rng), targets.gatherRows(rows)).backward()
            opt.step()
        }
        let mse = noGrad { mseLoss(model(inputs, rng: &rng), targets) }.item
        #expect(mse < 0.01, "regression MSE \(mse)")
    }
}
