import SynthMath
import Testing
@testable import SynthNN

/// Memory discipline: on a fixed architecture the buffer pool stops allocating after the first steps.
@Suite("Memory")
struct MemoryTests {
    /// Three hundred Adam steps of an MLP and of a gradient-penalty discriminator step in a private pool:
    /// the count of buffers allocated from the system is the same after step 5 as after step 300, and
    /// every buffer is back in the pool once the model is gone.
    @Test func trainingStepsReachASteadyState() {
        let pool = BufferPool()
        BufferPool.withCurrent(pool) {
            var rng = RandomStream(seed: 1)
            let g = Sequential([Residual(6, 8, rng: &rng), Linear(14, 5, rng: &rng)])
            let d = Sequential([Linear(5 * 2, 16, rng: &rng), LeakyReLU(slope: 0.2), Dropout(0.5), Linear(16, 1, rng: &rng)])
            let optG = Adam(g.parameters(), learningRate: 1e-3), optD = Adam(d.parameters(), learningRate: 1e-3)
            let z = Tensor.normal(.matrix(8, 6), rng: &rng), real = Tensor.normal(.matrix(8, 5), rng: &rng)
            var counts: [Int] = []
            for step in 1...300 {
                let fake = g(z, rng: &rng)
                let penalty = gradientPenalty(d, real: real, fake: fake, pac: 2, rng: &rng)
                let lossD = d(fake.detached().reshaped(.matrix(4, 10)), rng: &rng).mean() - d(real.reshaped(.matrix(4, 10)), rng: &rng).mean()
                optD.zeroGrad()
                penalty.backward()
                lossD.backward()
                optD.step()
                optG.zeroGrad()
                (-d(g(z, rng: &rng).reshaped(.matrix(4, 10)), rng: &rng).mean()).backward()
                optG.step()
                if step == 5 || step == 300 { counts.append(pool.freshAllocations) }
            }
            #expect(counts[0] == counts[1], "fresh buffer allocations after step 5: \(counts[0]), after 300: \(counts[1])")
        }
        #expect(pool.liveBuffers == 0, "buffers still held: \(pool.liveBuffers)")
        pool.trim()
        #expect(pool.cachedBytes == 0)
    }

    /// Buffers beyond the cache limit are freed on release instead of cached.
    @Test func cacheLimitFreesLargeReleases() {
        let pool = BufferPool(cacheLimitBytes: 4096)
        BufferPool.withCurrent(pool) {
            _ = Tensor.zeros(.vector(512))   // 2 KiB: cached
            _ = Tensor.zeros(.vector(4096))  // 16 KiB: over the limit, freed
        }
        #expect(pool.cachedBytes == 2048 && pool.liveBuffers == 0 && pool.freshAllocations == 2)
        BufferPool.withCurrent(pool) { _ = Tensor.zeros(.vector(512)) }
        #expect(pool.freshAllocations == 2)
    }

    /// Size classes: exact up to 32 and at powers of two, otherwise the next multiple of 1/16 of the power
    /// of two below, never more than 1/16 over the request (brute force over every count up to 70,000).
    @Test func sizeClassesRoundUpByAtMostASixteenth() {
        #expect(BufferPool.sizeClass(0) == 1 && BufferPool.sizeClass(31) == 31 && BufferPool.sizeClass(512) == 512)
        #expect(BufferPool.sizeClass(1000) == 1024 && BufferPool.sizeClass(1025) == 1088)
        for n in 1...70_000 {
            let k = BufferPool.sizeClass(n)
            if k < n || 16 * (k - n) > n { Issue.record("class \(k) for \(n)"); return }
        }
    }

    /// Tensors whose sizes vary a little between steps (a DP-SGD critic on Poisson batches of 90 to 110
    /// rows) reuse cached buffers: the 21 batch sizes allocate at most a third of the buffers that one set
    /// per size would take (exact-size caching allocates all of them: the negative control).
    @Test func nearbySizesShareBuffers() throws {
        func freshAllocations(sizes: [Int]) throws -> Int {
            let pool = BufferPool()
            return try BufferPool.withCurrent(pool) {
                var rng = RandomStream(seed: 2)
                let critic = Sequential([Linear(24, 32, rng: &rng), LeakyReLU(slope: 0.2), Linear(32, 1, rng: &rng)])
                let dp = try DPSGD(module: critic, noiseMultiplier: 1, maxGradientNorm: 1, expectedBatchSize: 100)
                let opt = Adam(critic.parameters(), learningRate: 1e-3)
                for n in sizes {
                    let x = Tensor.normal(.matrix(n, 24), rng: &rng)
                    opt.zeroGrad()
                    dp.capturing { (-critic(x, rng: &rng).mean()).backward() }
                    dp.privatizeGradients(rng: &rng)
                    opt.step()
                }
                return pool.freshAllocations
            }
        }
        let one = try freshAllocations(sizes: [100])
        let setup = try freshAllocations(sizes: [])
        let sizes = Array(90...110)
        let varying = try freshAllocations(sizes: sizes + sizes.reversed())
        #expect(varying - setup <= (one - setup) * sizes.count / 3,
                "\(varying - setup) fresh buffers over \(sizes.count) batch sizes, \(one - setup) for one")
    }
}
