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
