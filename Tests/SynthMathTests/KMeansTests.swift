import Testing
@testable import SynthMath

/// ``KMeans`` against scikit-learn 1.9.1's `KMeans(init=CENTRES, n_init=1, tol=T)` from the same start
/// (`scripts/reference/kmeans_oracles.py`; the values are pasted below): the centre-shift stop with its
/// final relabel, the no-label-change stop (tol = 0, SynthBench's former rule), and the relocation of an
/// empty cluster. The seeding cannot be compared draw for draw (numpy's generator), so it is checked as a
/// property with a negative control.
@Suite struct KMeansTests {
    enum Sklearn {
        static let stoppingRows: [Double] = [-1.56, 1.33, 0.35, 4.63, 9.33, -5.84, 0.91, 3.23, -1.24, 3.55, 3.98, -1.12, -3.76, 1.4, -1.43, 0.22, 2.08, 6.01, -1.27, 2.75, -2.64, 0.93, 400.0, 0.0]
        static let stoppingStart: [Double] = [-1.56, 1.33, 0.35, 4.63, 400.0, 0.0]
        static let stoppingToleranceIterations = 2
        static let stoppingToleranceLabels = [0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 2]
        static let stoppingToleranceCentres: [Double] = [0.653333333333336, -0.513333333333333, 0.16599999999999682, 4.034, 400.0, 0.0]
        static let stoppingStrictIterations = 6
        static let stoppingStrictLabels = [1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 2]
        static let stoppingStrictCentres: [Double] = [6.655000000000001, -3.4800000000000004, -0.9511111111111106, 2.6722222222222225, 400.0, 0.0]
        static let relocationRows: [Double] = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 10.0, 10.0, 11.0, 10.0, 10.0, 11.0, 30.0, 30.0]
        static let relocationStart: [Double] = [0.0, 0.0, 10.0, 10.0, -500.0, -500.0]
        static let relocationIterations = 2
        static let relocationLabels = [0, 0, 0, 0, 1, 1, 1, 2]
        static let relocationCentres: [Double] = [0.5, 0.5, 10.333333333333332, 10.333333333333332, 30.0, 30.0]
    }

    static func matrix(_ values: [Double]) -> Matrix { Matrix(rows: values.count / 2, cols: 2, storage: values) }

    static func close(_ a: Matrix, _ b: [Double]) -> Bool {
        zip(a.storage, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) } && a.storage.count == b.count
    }

    /// An outlier makes 1e-4 x the mean column variance (0.611) larger than the second iteration's squared
    /// centre shift: scikit-learn stops there and relabels by the final centres; without the tolerance the
    /// labels keep changing until iteration 6, at other centres.
    @Test func stopsOnTheCentreShiftAsScikitLearn() {
        let x = Self.matrix(Sklearn.stoppingRows), start = Self.matrix(Sklearn.stoppingStart)
        let tolerant = KMeans(x, initialCentres: start)
        #expect(tolerant.iterations == Sklearn.stoppingToleranceIterations)
        #expect(tolerant.labels == Sklearn.stoppingToleranceLabels)
        #expect(Self.close(tolerant.centres, Sklearn.stoppingToleranceCentres), "\(tolerant.centres.storage)")
        #expect(tolerant.predict(x) == tolerant.labels)

        let strict = KMeans(x, initialCentres: start, tolerance: 0)
        #expect(strict.iterations == Sklearn.stoppingStrictIterations)
        #expect(strict.labels == Sklearn.stoppingStrictLabels)
        #expect(Self.close(strict.centres, Sklearn.stoppingStrictCentres), "\(strict.centres.storage)")
        // The two rules disagree here, so the case tells them apart.
        #expect(strict.labels != tolerant.labels)

        let capped = KMeans(x, initialCentres: start, maxIterations: 2, tolerance: 0)
        #expect(capped.iterations == 2 && capped.predict(x) == capped.labels)
    }

    /// The third start centre attracts no row: scikit-learn moves it onto the row farthest from its centre.
    @Test func relocatesAnEmptyClusterAsScikitLearn() {
        let fit = KMeans(Self.matrix(Sklearn.relocationRows), initialCentres: Self.matrix(Sklearn.relocationStart))
        #expect(fit.iterations == Sklearn.relocationIterations)
        #expect(fit.labels == Sklearn.relocationLabels)
        #expect(Self.close(fit.centres, Sklearn.relocationCentres), "\(fit.centres.storage)")
    }

    /// Four tight blobs far apart: greedy k-means++ puts one seed in each blob for every seed tried. The
    /// negative control: four uniformly drawn rows (the seeding without its distance weighting) put two seeds
    /// in one blob for some of those seeds.
    @Test func plusPlusSeedsOnePerBlob() {
        let blobs = [(0.0, 0.0), (50.0, 0.0), (0.0, 50.0), (50.0, 50.0)]
        var storage: [Double] = []
        var data = RandomStream(seed: 11)
        for (i, b) in blobs.enumerated() {
            for _ in 0..<(10 + 15 * i) { storage += [b.0 + data.nextDouble(), b.1 + data.nextDouble()] }
        }
        let x = Matrix(rows: storage.count / 2, cols: 2, storage: storage)
        func blob(_ row: [Double]) -> Int { (row[0] > 25 ? 1 : 0) + (row[1] > 25 ? 2 : 0) }
        var uniformCollided = false
        for seed in 0..<20 as Range<UInt64> {
            var rng = RandomStream(seed: seed)
            let seeds = KMeans.plusPlusSeeds(x, 4, &rng)
            #expect(Set((0..<4).map { blob(seeds.row($0)) }).count == 4, "seed \(seed)")
            var uniform = RandomStream(seed: seed)
            if Set((0..<4).map { _ in blob(x.row(uniform.nextInt(below: x.rows))) }).count < 4 { uniformCollided = true }
            var fitRng = RandomStream(seed: seed)
            let fit = KMeans(x, clusters: 4, rng: &fitRng)
            #expect((0..<x.rows).allSatisfy { i in blob(fit.centres.row(fit.labels[i])) == blob(x.row(i)) })
        }
        #expect(uniformCollided)
    }

    /// Every assignment build gives the scalar loop's labels, sums and sizes bit for bit, on coarse values with
    /// ties and a wide-ranged column, for k across a vector of centres and row counts off the tile; the scalar
    /// labels equal the Euclidean neighbour search's nearest index (an independent loop).
    @Test(arguments: [(37, 2, 14), (1, 1, 1), (200, 15, 14), (9, 8, 3), (131, 9, 5)])
    func everyAssignmentBuildEqualsTheScalarLoop(_ shape: (n: Int, k: Int, d: Int)) {
        var rng = RandomStream(seed: UInt64(shape.n * 31 + shape.k))
        let x = EuclideanKernelTests.matrix(shape.n, columns: shape.d, rng: &rng)
        let centres = x.selectingRows((0..<shape.k).map { _ in rng.nextInt(below: shape.n) })
        let oracle = KMeansAssignment.scalar(x, centres)
        #expect(oracle.labels == EuclideanNeighbourKernel.scalarSearch(query: x, reference: centres, excluding: nil).index)
        #expect(oracle.counts.reduce(0, +) == shape.n)
        for build in KMeansAssignment.available {
            let out = KMeansAssignment.assign(x, centres, using: build)
            #expect(out.labels == oracle.labels && out.sums == oracle.sums && out.counts == oracle.counts, "\(build)")
        }
        // Centre 0 is a row, so that row is labelled 0; the negative control: moved far off, centre 0 keeps no row.
        #expect(oracle.labels.contains(0))
        var moved = centres
        for c in 0..<shape.d { moved[0, c] += 1e7 }
        if shape.k > 1 { #expect(!KMeansAssignment.assign(x, moved).labels.contains(0)) }
    }

    /// Integer rows (exact sums, so the steps keep their sums) or coarse fractions with a wide column (every
    /// step sums every row): both with exact ties between centres.
    static func table(_ n: Int, _ d: Int, integers: Bool, rng: inout RandomStream) -> Matrix {
        integers ? Matrix(rows: n, cols: d, storage: (0..<(n * d)).map { e in (rng.nextDouble() * (e % d == 0 ? 40 : 5)).rounded() })
            : EuclideanKernelTests.matrix(n, columns: d, rng: &rng)
    }

    /// Lloyd's steps with Hamerly's bounds give every step's labels, sums and sizes of the full pass bit for bit,
    /// in every build, through small moves, no move, a jump and an emptied cluster; the number of changed labels
    /// is counted against the previous step. Negative control: a state told that the centres did not move
    /// (a wrong previous) after a jump keeps rows the full pass moves.
    @Test(arguments: [(300, 5, 3, true), (300, 5, 3, false), (517, 15, 14, true), (517, 10, 14, false), (40, 1, 2, true), (64, 9, 1, true)])
    func boundedStepsEqualTheFullPass(_ shape: (n: Int, k: Int, d: Int, integers: Bool)) {
        var rng = RandomStream(seed: UInt64(shape.n * 13 + shape.k * 7 + shape.d))
        let x = Self.table(shape.n, shape.d, integers: shape.integers, rng: &rng)
        let start = x.selectingRows((0..<shape.k).map { _ in rng.nextInt(below: shape.n) })
        for build in KMeansAssignment.available {
            var steps = KMeansAssignment.Bounded(x, using: build)
            #expect(steps.exact == shape.integers)
            var centres = start, previous = [Int](repeating: -1, count: shape.n)
            for round in 0..<12 {
                let full = KMeansAssignment.assign(x, centres, using: build), step = steps.step(x, centres)
                #expect(steps.labels.map(Int.init) == full.labels && step.sums == full.sums && step.counts == full.counts,
                        "\(build) round \(round)")
                #expect(step.changed == zip(previous, full.labels).filter { $0 != $1 }.count)
                previous = full.labels
                switch round {
                case 4: break  // no move
                case 6: for c in 0..<shape.d { centres[0, c] += 3 * x[rng.nextInt(below: shape.n), c] }  // a jump
                case 8: for c in 0..<shape.d { centres[shape.k - 1, c] = -1e6 }  // a cluster emptied
                default: centres = KMeans.averaged(full.sums, full.counts)  // Lloyd's move
                }
            }
        }
        if shape.k > 1 {
            // Centre 0 jumps onto a row; the state is told the centres stayed where they were.
            let settled = KMeans(x, initialCentres: start).centres
            var detected = false
            for r in 0..<min(shape.n, 40) where !detected {
                var steps = KMeansAssignment.Bounded(x)
                _ = steps.step(x, settled)
                var moved = settled
                for c in 0..<shape.d { moved[0, c] = x[r, c] }
                _ = steps.step(x, moved, assumedPrevious: moved)
                detected = steps.labels.map(Int.init) != KMeansAssignment.assign(x, moved).labels
            }
            #expect(detected)
        }
    }

    /// Only integer tables whose column sums stay below 2^53 have exact sums.
    @Test func exactSumsNeedIntegersWellBelowTwoToThe53() {
        #expect(KMeansAssignment.Bounded.sumsAreExact(Matrix(rows: 2, cols: 2, storage: [1, -2, 3e9, 4])))
        #expect(!KMeansAssignment.Bounded.sumsAreExact(Matrix(rows: 2, cols: 2, storage: [1, -2, 3.5, 4])))
        #expect(!KMeansAssignment.Bounded.sumsAreExact(Matrix(rows: 2, cols: 1, storage: [0x1p52, 0x1p52])))
        #expect(!KMeansAssignment.Bounded.sumsAreExact(Matrix(rows: 1, cols: 1, storage: [.nan])))
    }

    /// The seeding's candidate pass (`KMeans.trial`) gives the direct loop's distances and potential bit for bit
    /// (unfused squares summed in column order, Swift's min, the sum in row order) while skipping the rows its
    /// owners prove farther; candidates are rows, so there are exact ties. Negative control: wrong owners (every
    /// row owned by the centre farthest from the candidate) skip rows the candidate is nearer to.
    @Test(arguments: [(400, 6, 3, true), (400, 6, 14, false), (257, 15, 14, true), (9, 2, 1, true)])
    func seedTrialEqualsTheDirectLoop(_ shape: (n: Int, chosen: Int, d: Int, integers: Bool)) {
        var rng = RandomStream(seed: UInt64(shape.n * 5 + shape.chosen))
        let x = Self.table(shape.n, shape.d, integers: shape.integers, rng: &rng)
        let centres = x.selectingRows((0..<shape.chosen).map { _ in rng.nextInt(below: shape.n) })
        func direct(_ a: [Double], _ b: [Double]) -> Double {
            var s = 0.0
            for (u, v) in zip(a, b) { let w = u - v; s += w * w }
            return s
        }
        var closest = [Double](repeating: .infinity, count: shape.n), owner = [Int64](repeating: 0, count: shape.n)
        for i in 0..<shape.n {
            for j in 0..<shape.chosen { let s = direct(x.row(i), centres.row(j)); if s < closest[i] { closest[i] = s; owner[i] = Int64(j) } }
        }
        var skippedWrongly = false
        for row in [0, shape.n / 2, shape.n - 1] {
            var expected = [Double](repeating: 0, count: shape.n), total = 0.0
            for i in 0..<shape.n { expected[i] = min(direct(x.row(i), x.row(row)), closest[i]); total += expected[i] }
            var out = [Double](repeating: 0, count: shape.n), potential = 0.0, scratch = [Int64](repeating: 0, count: 2 * shape.n)
            for build in KMeansAssignment.available {
                KMeans.trial(x, row, closest, owner, centres, shape.chosen, &out, &potential, &scratch, using: build)
                #expect(out == expected && potential == total, "\(build) row \(row)")
                var first = [Double](repeating: 0, count: shape.n), firstTotal = 0.0, plain = 0.0
                KMeans.trial(x, row, nil, nil, centres, 0, &first, &firstTotal, &scratch, using: build)
                #expect(first == (0..<shape.n).map { direct(x.row($0), x.row(row)) }, "\(build)")
                for v in first { plain += v }
                #expect(firstTotal == plain)
            }
            let far = (0..<shape.chosen).max { direct(centres.row($0), x.row(row)) < direct(centres.row($1), x.row(row)) } ?? 0
            KMeans.trial(x, row, closest, [Int64](repeating: Int64(far), count: shape.n), centres, shape.chosen, &out, &potential, &scratch)
            if out != expected { skippedWrongly = true }
        }
        if shape.chosen > 1 { #expect(skippedWrongly) }
    }
}
