import Foundation

/// TabDDPM's sinusoidal timestep embedding (`timestep_embedding`, max period 10000): for `half = dim / 2`
/// frequencies `f_i = exp(-ln(maxPeriod) * i / half)`, row `t` is `[cos(t f_0..), sin(t f_0..)]`, with
/// a zero column appended when `dim` is odd. Computed in Float32 as PyTorch does. A constant.
public func timestepEmbedding(_ timesteps: [Float], dimension dim: Int, maxPeriod: Float = 10000) -> Tensor {
    precondition(dim > 0, "embedding dimension must be positive")
    let half = dim / 2
    let c = -Foundation.log(Double(maxPeriod))
    let freqs = (0..<half).map { Foundation.exp(Float(c) * Float($0) / Float(half)) }
    let out = Tensor.zeros(.matrix(timesteps.count, dim))
    let p = out.pointer
    for (r, t) in timesteps.enumerated() {
        let row = p + r * dim
        for i in 0..<half {
            let a = t * freqs[i]
            row[i] = Foundation.cos(a)
            row[half + i] = Foundation.sin(a)
        }
    }
    return out
}

/// TabDDPM's sinusoidal timestep embedding as a module (no parameters); see
/// ``timestepEmbedding(_:dimension:maxPeriod:)``.
public final class SinusoidalTimestepEmbedding: Module {
    public let dimension: Int
    public let maxPeriod: Float
    public init(dimension: Int, maxPeriod: Float = 10000) {
        precondition(dimension > 0, "embedding dimension must be positive")
        self.dimension = dimension; self.maxPeriod = maxPeriod
    }
    public func callAsFunction(_ timesteps: [Int]) -> Tensor {
        timestepEmbedding(timesteps.map(Float.init), dimension: dimension, maxPeriod: maxPeriod)
    }
}
