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

    /// A pass whose last batch is short (57 rows after three of 64, as 32,561 rows in batches of 4,096 end
    /// with 3,889) borrows the full batches' cached buffers: two such passes allocate no more buffers than
    /// six full batches. With borrowing off (`borrowRatio` 1, the negative control) the short batch caches
    /// a set of its own, one size class below.
    @Test func aShortLastBatchBorrowsTheFullBatchesBuffers() {
        func freshAllocations(batches: [Int], borrowRatio: Double) -> Int {
            let pool = BufferPool(borrowRatio: borrowRatio)
            return BufferPool.withCurrent(pool) {
                var rng = RandomStream(seed: 3)
                let net = Sequential([Linear(24, 256, rng: &rng), ReLU(), Linear(256, 256, rng: &rng), ReLU(),
                                      Linear(256, 1, rng: &rng)])
                let opt = Adam(net.parameters(), learningRate: 1e-3)
                for rows in batches {
                    let x = Tensor.normal(.matrix(rows, 24), rng: &rng)
                    opt.zeroGrad()
                    net(x, rng: &rng).mean().backward()
                    opt.step()
                }
                return pool.freshAllocations
            }
        }
        let full = freshAllocations(batches: Array(repeating: 64, count: 6), borrowRatio: 1.25)
        let passes = [64, 64, 64, 57, 64, 64, 64, 57]
        #expect(freshAllocations(batches: passes, borrowRatio: 1.25) == full)
        let exact = freshAllocations(batches: passes, borrowRatio: 1)
        #expect(exact > full, "exact classes: \(exact) fresh buffers, full batches alone \(full)")
    }

    /// A borrowed buffer goes back to its own (larger) class: the next request of that class reuses it.
    @Test func aBorrowedBufferReturnsToItsOwnClass() {
        let pool = BufferPool()
        BufferPool.withCurrent(pool) {
            _ = Tensor.zeros(.vector(1024))   // cached in class 1024
            _ = Tensor.zeros(.vector(1000))   // class 1024 too (rounding)
            _ = Tensor.zeros(.vector(900))    // class 928: borrows the 1024 buffer
        }
        #expect(pool.freshAllocations == 1 && pool.cachedBytes == 4096, "\(pool.freshAllocations) fresh, \(pool.cachedBytes) bytes cached")
        BufferPool.withCurrent(pool) { _ = Tensor.zeros(.vector(1024)) }
        #expect(pool.freshAllocations == 1)
        let exact = BufferPool(borrowRatio: 1)
        BufferPool.withCurrent(exact) {
            _ = Tensor.zeros(.vector(1024))
            _ = Tensor.zeros(.vector(900))
        }
        #expect(exact.freshAllocations == 2 && exact.cachedBytes == 4096 + 928 * 4)
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
