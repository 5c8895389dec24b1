import Foundation
import Testing
@testable import SynthNN

/// Adam never stores a subnormal (docs/privacy.md §4, "Subnormal weights"): a weight whose gradient stays
/// zero decays geometrically under the L2 term and, unflushed, settles in the subnormals, where every matrix
/// product reading it costs a microcode assist per operand.
@Suite("Adam flushes subnormals")
struct AdamSubnormalTests {
    /// The flush replaces exactly the subnormal lanes, keeping the sign; normals, zeros, infinities and NaN
    /// pass unchanged (the negative control: the smallest normal on either side is kept).
    @Test func flushReplacesOnlySubnormalLanes() {
        let tiny = Float.leastNormalMagnitude
        let v = Vectorized.V([1e-39, -1e-39, tiny.nextDown, tiny, -tiny, -0.0, .infinity, .nan])
        let f = Vectorized.flushingSubnormals(v)
        let bits = (0..<8).map { f[$0].bitPattern }
        #expect(bits[0] == Float(0).bitPattern && bits[1] == Float(-0.0).bitPattern)
        #expect(bits[2] == Float(0).bitPattern)
        #expect(bits[3] == tiny.bitPattern && bits[4] == (-tiny).bitPattern)
        #expect(bits[5] == Float(-0.0).bitPattern && f[6] == .infinity && f[7].isNaN)
    }

    /// SynthCity's pategan setting (`lr = weight_decay = 1e-3`) with a zero gradient: the unflushed update,
    /// replayed in scalar Float arithmetic in the order of Adam's loop, reaches a subnormal (the control:
    /// the case is not vacuous); Adam follows it bit for bit until the replica's first subnormal (in `p`,
    /// `m` or `v`), never holds a subnormal in `p`, and ends at zero. The code before the flush fails the
    /// last two checks (it settles near -2.7e-41 for a start of 0.03).
    @Test func decayingWeightEndsAtZeroNotSubnormal() {
        let start: [Float] = [0.03, -0.03, 0.01, 0.1]
        let p = Tensor(vector: start)
        p.requiresGrad = true
        let adam = Adam([p], learningRate: 1e-3, weightDecay: 1e-3)
        var replica = start.map { (p: $0, m: Float(0), v: Float(0)) }
        var replicaWentSubnormal = [Bool](repeating: false, count: start.count)
        var replicaPWentSubnormal = [Bool](repeating: false, count: start.count)
        for t in 1...2_500 {
            p.setGrad(Tensor.zeros(.vector(start.count)))
            adam.step()
            let negStep = Float(-(1e-3 / (1 - Foundation.pow(0.9, Double(t)))))
            let bc2Sqrt = Float((1 - Foundation.pow(0.999, Double(t))).squareRoot())
            let values = p.toArray()
            for i in replica.indices {
                var r = replica[i]
                let g = 0 + Float(1e-3) * r.p
                r.m = r.m + Float(1 - 0.9) * (g - r.m)
                r.v = r.v * Float(0.999) + Float(1 - 0.999) * g * g
                r.p = r.p + negStep * r.m / (r.v.squareRoot() / bc2Sqrt + Float(1e-8))
                replica[i] = r
                if r.p.isSubnormal { replicaPWentSubnormal[i] = true }
                if r.p.isSubnormal || r.m.isSubnormal || r.v.isSubnormal { replicaWentSubnormal[i] = true }
                #expect(!values[i].isSubnormal, "p[\(i)] = \(values[i]) is subnormal at step \(t)")
                if !replicaWentSubnormal[i] {
                    #expect(values[i].bitPattern == r.p.bitPattern, "p[\(i)] left the unflushed update at step \(t)")
                }
            }
        }
        #expect(replicaPWentSubnormal == [true, true, true, true])
        let end = p.toArray()
        #expect(end.allSatisfy { $0 == 0 }, "ended at \(end)")
    }
}
