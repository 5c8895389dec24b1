import SynthMath

/// How DP-SGD draws its batches.
public enum DPSampling: Sendable, Equatable {
    /// Each example joins each batch independently with probability `rate`, `floor(1 / rate)` batches per
    /// epoch (Opacus's `UniformWithReplacementSampler`; what the RDP accountant assumes).
    case poisson(rate: Double)
    /// A fresh permutation per epoch cut into batches of `batchSize` (the last may be smaller): PyTorch's
    /// shuffled `DataLoader`, which synthcity's DP-GAN uses (`poisson_sampling=False`).
    case shuffled(batchSize: Int)
}

/// Draws the batches of one epoch for DP-SGD.
public struct DPBatchSampler: Sendable {
    public let datasetSize: Int
    public let sampling: DPSampling

    public init(datasetSize: Int, sampling: DPSampling) throws {
        guard datasetSize > 0 else {
            throw PrivacyError.invalidParameter(name: "datasetSize", value: Double(datasetSize), requirement: "> 0")
        }
        switch sampling {
        case .poisson(let q):
            guard q > 0 && q <= 1 else {
                throw PrivacyError.invalidParameter(name: "sampleRate", value: q, requirement: "in (0, 1]")
            }
        case .shuffled(let b):
            guard b > 0 else {
                throw PrivacyError.invalidParameter(name: "batchSize", value: Double(b), requirement: "> 0")
            }
        }
        self.datasetSize = datasetSize
        self.sampling = sampling
    }

    /// The sampling rate the accountant should use: `rate`, or `1 / batchesPerEpoch` for shuffled batches
    /// (Opacus's `1 / len(data_loader)`).
    public var sampleRate: Double {
        switch sampling {
        case .poisson(let q): return q
        case .shuffled: return 1 / Double(batchesPerEpoch)
        }
    }

    /// Batches in one epoch.
    public var batchesPerEpoch: Int {
        switch sampling {
        case .poisson(let q): return Swift.max(Int(1 / q), 1)
        case .shuffled(let b): return (datasetSize + b - 1) / b
        }
    }

    /// The divisor for mean-reduced DP gradients: `int(datasetSize * rate)` (Opacus) or the batch size.
    public var expectedBatchSize: Int {
        switch sampling {
        case .poisson(let q): return Swift.max(Int(Double(datasetSize) * q), 1)
        case .shuffled(let b): return b
        }
    }

    /// The row indices of each batch of one epoch. Poisson batches may be empty.
    public func epoch(rng: inout RandomStream) -> [[Int]] {
        switch sampling {
        case .poisson(let q):
            return (0..<batchesPerEpoch).map { _ in (0..<datasetSize).filter { _ in rng.nextDouble() < q } }
        case .shuffled(let b):
            let perm = rng.permutation(datasetSize)
            return stride(from: 0, to: datasetSize, by: b).map { Array(perm[$0..<Swift.min($0 + b, datasetSize)]) }
        }
    }
}
