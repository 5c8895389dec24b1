import Testing
import SynthMath
@testable import Synthesizers

@Suite struct ClusterBasedNormalizerTests {
    /// Two tight, well separated clusters (weights 0.7 / 0.3): the Dirichlet-process prior leaves the other
    /// eight components with almost no weight.
    static func twoClusters(_ n: Int, seed: UInt64) -> [Double] {
        var r = RandomStream(seed: seed)
        return (0..<n).map { i in i % 10 < 7 ? r.nextNormal(mean: -10, std: 1) : r.nextNormal(mean: 25, std: 3) }
    }

    @Test func sdvPrunesLightModesAndSynthCityKeepsAll() throws {
        let x = Self.twoClusters(3000, seed: 1)
        var s1 = RandomStream(seed: 2), s2 = RandomStream(seed: 2)
        let sdv = try ClusterBasedNormalizer(fitting: x, flavour: .sdv, stream: &s1)
        let synthcity = try ClusterBasedNormalizer(fitting: x, flavour: .synthcity, stream: &s2)
        #expect(sdv.mixture.componentCount == 10)
        #expect(sdv.modes == sdv.mixture.weights.indices.filter { sdv.mixture.weights[$0] > 0.005 })
        #expect(sdv.modeCount >= 2 && sdv.modeCount < 10, "weights \(sdv.mixture.weights)")
        #expect(sdv.width == 1 + sdv.modeCount)
        #expect(synthcity.modeCount == 10 && synthcity.width == 11)
        #expect(synthcity.weightThreshold == nil)
        // Same seed, same mixture: the flavours differ only in what they keep.
        #expect(sdv.mixture == synthcity.mixture)
    }

    @Test func sdvUsesAtMostOneComponentPerRow() throws {
        var s = RandomStream(seed: 3)
        let n = try ClusterBasedNormalizer(fitting: [1, 2, 3, 10, 11, 12], flavour: .sdv, stream: &s)
        #expect(n.mixture.componentCount == 6)
        var t = RandomStream(seed: 3)
        #expect(throws: BayesianGaussianMixture1D.FitError.tooFewValues(count: 6, components: 10)) {
            try ClusterBasedNormalizer(fitting: [1, 2, 3, 10, 11, 12], flavour: .synthcity, stream: &t)
        }
    }

    @Test func synthCityTakesTheArgmaxMode() throws {
        let x = Self.twoClusters(2000, seed: 4)
        var s = RandomStream(seed: 5)
        let n = try ClusterBasedNormalizer(fitting: x, flavour: .synthcity, stream: &s)
        let (_, modes) = n.transform(x, stream: &s)
        let p = n.mixture.predictProba(x)
        let k = n.mixture.componentCount
        for i in x.indices {
            let row = p[(i * k)..<((i + 1) * k)]
            #expect(row[i * k + modes[i]] == row.max()!)
        }
    }

    /// Sampled modes follow the posterior: over many copies of one value, each mode's share is within six
    /// standard errors of its (p + 1e-6)-renormalised probability.
    @Test func sdvSamplesModesFromThePosterior() throws {
        let x = Self.twoClusters(2000, seed: 6)
        var s = RandomStream(seed: 7)
        let n = try ClusterBasedNormalizer(fitting: x, flavour: .sdv, stream: &s)
        // A point between the clusters, where the posterior is split.
        let grid = stride(from: -10.0, through: 25, by: 0.05).map { $0 }
        let probabilities = n.mixture.predictProba(grid)
        let k = n.mixture.componentCount
        let kept = n.modes
        func keptPosterior(_ row: Int) -> [Double] {
            let q = kept.map { probabilities[row * k + $0] + 1e-6 }
            let total = q.reduce(0, +)
            return q.map { $0 / total }
        }
        let split = grid.indices.max { keptPosterior($0).max()! > keptPosterior($1).max()! }!
        let expected = keptPosterior(split)
        let draws = 20_000
        let (_, modes) = n.transform([Double](repeating: grid[split], count: draws), stream: &s)
        for (j, q) in expected.enumerated() {
            let share = Double(modes.filter { $0 == j }.count) / Double(draws)
            let se = (q * (1 - q) / Double(draws)).squareRoot()
            #expect(abs(share - q) <= 6 * se + 1e-9, "mode \(j): share \(share), posterior \(q)")
        }
        #expect(expected.max()! < 0.95, "the test point should have a split posterior: \(expected)")
    }

    @Test(arguments: [Backend.sdv, .synthcity])
    func decodeRecoversValuesWithinTheClipping(_ flavour: Backend) throws {
        let x = Self.twoClusters(1500, seed: 8) + [-40, 80]  // two values far outside any mode get clipped
        var s = RandomStream(seed: 9)
        let n = try ClusterBasedNormalizer(fitting: x, flavour: flavour, stream: &s)
        let width = n.width + 2, offset = 1
        var matrix = [Float](repeating: 0, count: x.count * width)
        x.withUnsafeBufferPointer { v in
            matrix.withUnsafeMutableBufferPointer { n.encode(v, into: $0, rowStride: width, offset: offset, stream: &s) }
        }
        var back = [Double](repeating: 0, count: x.count)
        matrix.withUnsafeBufferPointer { m in
            back.withUnsafeMutableBufferPointer {
                n.decode(m, rowCount: x.count, rowStride: width, offset: offset, stream: &s, into: $0)
            }
        }
        for i in x.indices {
            let row = matrix[(i * width)..<((i + 1) * width)]
            let oneHot = Array(row[(i * width + offset + 1)..<(i * width + offset + n.width)])
            #expect(oneHot.filter { $0 == 1 }.count == 1 && oneHot.filter { $0 == 0 }.count == n.modeCount - 1)
            let mode = oneHot.firstIndex(of: 1)!
            let v = Double(row[i * width + offset])
            let mu = n.modeMeans[mode], sd = n.modeStandardDeviations[mode]
            if abs(v) < 0.99 {
                // Float32 keeps about 7 digits of v = (x − μ) / 4σ.
                #expect(abs(back[i] - x[i]) <= 4 * sd * 1e-7 + 1e-12, "row \(i): \(back[i]) vs \(x[i])")
            } else {
                // Clipped: the value moves toward its mode's mean and stops at μ ± 0.99·4σ (within the range).
                var edge = mu + (v > 0 ? 1 : -1) * 0.99 * 4 * sd
                if flavour == .synthcity { edge = min(n.range.upperBound, max(n.range.lowerBound, edge)) }
                #expect(abs(back[i] - edge) <= 4 * sd * 1e-6)
                #expect(abs(back[i] - mu) <= abs(x[i] - mu) + 1e-9)
            }
        }
        #expect(n.flavour == .sdv || back.allSatisfy { n.range.contains($0) })
    }

    @Test func rdtReverseRoundsAndClipsTheComponent() throws {
        var s = RandomStream(seed: 10)
        let n = try ClusterBasedNormalizer(fitting: Self.twoClusters(1000, seed: 11), flavour: .sdv, stream: &s)
        let last = n.modeCount - 1
        let out = n.reverse(normalized: [0, 0, 0, 0.5, 3], components: [-2, 0.4, 99, 0.5, Double(last)])
        #expect(out[0] == n.modeMeans[0])
        #expect(out[1] == n.modeMeans[0])
        #expect(out[2] == n.modeMeans[last])
        #expect(out[3] == n.value(normalized: 0.5, mode: 0))  // 0.5 rounds half to even: 0
        #expect(out[4] == n.modeMeans[last] + 4 * n.modeStandardDeviations[last])  // v clipped to 1
    }

    @Test func sameSeedSameBytes() throws {
        let x = Self.twoClusters(1000, seed: 12)
        func run() throws -> ([Double], [Int]) {
            var s = RandomStream(seed: 13)
            let n = try ClusterBasedNormalizer(fitting: x, flavour: .sdv, stream: &s)
            return n.transform(x, stream: &s)
        }
        let a = try run(), b = try run()
        #expect(a.0 == b.0 && a.1 == b.1)
    }
}
