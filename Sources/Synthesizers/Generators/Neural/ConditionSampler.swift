import Foundation
import SynthMath

/// CTGAN's training-by-sampling (`DataSampler`) and SynthCity's `ConditionalDatasetSampler`, with the
/// condition and the real row ALIGNED: a condition names one discrete column and one of its categories,
/// and the real row drawn for it carries that category.
///
/// Per batch row: a discrete column uniformly, a category by the column's probabilities (CTGAN default:
/// `log(count + 1)` normalised; SynthCity: raw frequencies), then a row uniformly among the training rows
/// of that category (CTGAN's `np.random.choice(rid_by_cat[c][o])`). SynthCity pairs its condition vectors
/// with rows that do not carry the conditioned category (see docs/ctgan-tvae.md); this sampler does not.
///
/// Everything is precomputed into flat arrays (per-column cumulative probabilities, per-category row
/// lists), so a batch is drawn with a few random numbers per row and no allocation.
public struct ConditionSampler: Sendable {
    /// How a category's probability within its column is computed.
    public enum Frequency: String, Sendable {
        /// CTGAN `log_frequency=True`: `log(count + 1) / Σ log(count + 1)`.
        case logarithmic
        /// `count / Σ count` (CTGAN `log_frequency=False`, SynthCity).
        case raw
    }

    /// How conditions are drawn when sampling from a fitted model.
    public enum GenerationRule: String, Sendable {
        /// CTGAN `sample_original_condvec`: one category from the flattened table of every column's
        /// category probabilities, renormalised over all categories. Each column's row sums to 1 before
        /// flattening, so every column weighs 1/K: at the same ``Frequency`` the same distribution as
        /// ``columnThenCategory`` (with CTGAN's default, the LOG frequencies, not the empirical ones).
        case flattened
        /// SynthCity `sample_conditional`: a column uniformly, then a category by its probability.
        case columnThenCategory
    }

    /// Number of discrete columns (0: no conditioning).
    public let columnCount: Int
    /// Width of a condition vector (all discrete categories).
    public let conditionWidth: Int
    /// Where column k's block starts in a condition vector and in an encoded row.
    let conditionOffsets: [Int]
    let dataOffsets: [Int]
    let categoryCounts: [Int]
    /// Cumulative category probabilities of column k at `cumulative[conditionOffsets[k] ..< + count]`.
    let cumulative: [Double]
    /// Training rows of category j (global index j = conditionOffset + category) at
    /// `rows[rowStarts[j] ..< rowStarts[j + 1]]`.
    let rowStarts: [Int]
    let rows: [Int32]
    /// Cumulative probabilities over all categories, for ``GenerationRule/flattened``.
    let flatCumulative: [Double]
    public let generationRule: GenerationRule

    /// Builds the sampler from the category frequencies of the encoded table's discrete spans.
    /// `trainingRows`, when given (ascending row indices), restricts the rows a condition can draw (a
    /// validation split is held out); categories without a training row then get probability 0.
    public init(encoded: EncodedTable, frequency: Frequency, generationRule: GenerationRule,
                trainingRows: [Int]? = nil) {
        let frequencies = encoded.frequencies, rowCount = encoded.rowCount
        var inTraining: [Bool]? = nil
        if let trainingRows {
            var mask = [Bool](repeating: false, count: rowCount)
            for r in trainingRows { mask[r] = true }
            inTraining = mask
        }
        var conditionOffsets: [Int] = [], dataOffsets: [Int] = [], counts: [Int] = []
        var cumulative: [Double] = [], rowStarts: [Int] = [0], rows: [Int32] = []
        var flatWeights: [Double] = []
        var offset = 0
        for f in frequencies {
            conditionOffsets.append(offset)
            dataOffsets.append(f.span.start)
            counts.append(f.span.width)
            var trainingCounts = [Int](repeating: 0, count: f.span.width)
            for c in 0..<f.span.width {
                for r in f.rows(ofCategory: c) where inTraining?[r] ?? true {
                    rows.append(Int32(r))
                    trainingCounts[c] += 1
                }
                rowStarts.append(rows.count)
            }
            // Probabilities from the full table's counts (as both references), zero where no training row.
            var weights = f.counts.enumerated().map { c, n -> Double in
                guard trainingCounts[c] > 0 else { return 0 }
                return frequency == .logarithmic ? log(Double(n) + 1) : Double(n)
            }
            let total = weights.reduce(0, +)
            if total > 0 { for c in weights.indices { weights[c] /= total } }
            var running = 0.0
            for w in weights { running += w; cumulative.append(running) }
            flatWeights.append(contentsOf: weights)
            offset += f.span.width
        }
        // CTGAN's flattened table: every column's probabilities side by side, renormalised.
        let flatTotal = flatWeights.reduce(0, +)
        var running = 0.0
        var flat: [Double] = []
        for w in flatWeights { running += flatTotal > 0 ? w / flatTotal : 0; flat.append(running) }
        self.columnCount = frequencies.count
        self.conditionWidth = offset
        self.conditionOffsets = conditionOffsets
        self.dataOffsets = dataOffsets
        self.categoryCounts = counts
        self.cumulative = cumulative
        self.rowStarts = rowStarts
        self.rows = rows
        self.flatCumulative = flat
        self.generationRule = generationRule
    }

    /// Whether every discrete column has at least one training row to draw (else training-by-sampling
    /// cannot pair a condition with a real row).
    public var isUsable: Bool {
        (0..<columnCount).allSatisfy { k in (cumulative[conditionOffsets[k] + categoryCounts[k] - 1]) > 0 }
    }

    /// Inverse-CDF draw within `count` cumulative probabilities (CTGAN's `(cumsum > r).argmax`).
    @inline(__always)
    static func pick(_ cdf: UnsafePointer<Double>, _ count: Int, _ u: Double) -> Int {
        var lo = 0, hi = count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cdf[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Draws `batch` training conditions: for row i the discrete column `columns[i]` and the global category
    /// index `categories[i]` (into the condition vector).
    public func drawConditions(batch: Int, columns: UnsafeMutablePointer<Int32>, categories: UnsafeMutablePointer<Int32>,
                               rng: inout RandomStream) {
        precondition(columnCount > 0, "drawConditions needs a discrete column")
        cumulative.withUnsafeBufferPointer { cdf in
            conditionOffsets.withUnsafeBufferPointer { offsets in
                categoryCounts.withUnsafeBufferPointer { counts in
                    for i in 0..<batch {
                        let k = rng.nextInt(below: columnCount)
                        let c = offsets[k] + Self.pick(cdf.baseAddress! + offsets[k], counts[k], rng.nextDouble())
                        columns[i] = Int32(k)
                        categories[i] = Int32(c)
                    }
                }
            }
        }
    }

    /// For each of `batch` conditions a training row that carries the category `categories[i]`.
    public func drawRows(batch: Int, categories: UnsafePointer<Int32>, realRows: UnsafeMutablePointer<Int32>,
                         rng: inout RandomStream) {
        rowStarts.withUnsafeBufferPointer { starts in
            rows.withUnsafeBufferPointer { list in
                for i in 0..<batch {
                    let c = Int(categories[i])
                    let lo = starts[c], n = starts[c + 1] - lo
                    realRows[i] = list[lo + rng.nextInt(below: n)]
                }
            }
        }
    }

    /// ``drawConditions(batch:columns:categories:rng:)`` then ``drawRows(batch:categories:realRows:rng:)``
    /// into the first `batch` entries of each array.
    public func drawTraining(batch: Int, columns: inout [Int32], categories: inout [Int32], realRows: inout [Int32],
                             rng: inout RandomStream) {
        precondition(columns.count >= batch && categories.count >= batch && realRows.count >= batch,
                     "drawTraining: arrays shorter than the batch of \(batch)")
        columns.withUnsafeMutableBufferPointer { col in
            categories.withUnsafeMutableBufferPointer { cat in
                realRows.withUnsafeMutableBufferPointer { rows in
                    drawConditions(batch: batch, columns: col.baseAddress!, categories: cat.baseAddress!, rng: &rng)
                    drawRows(batch: batch, categories: cat.baseAddress!, realRows: rows.baseAddress!, rng: &rng)
                }
            }
        }
    }

    /// Draws `batch` generation conditions (global category indices) by ``generationRule``.
    public func drawGeneration(batch: Int, categories: UnsafeMutablePointer<Int32>, rng: inout RandomStream) {
        precondition(columnCount > 0, "drawGeneration needs a discrete column")
        switch generationRule {
        case .flattened:
            flatCumulative.withUnsafeBufferPointer { cdf in
                for i in 0..<batch {
                    categories[i] = Int32(Self.pick(cdf.baseAddress!, cdf.count, rng.nextDouble()))
                }
            }
        case .columnThenCategory:
            cumulative.withUnsafeBufferPointer { cdf in
                for i in 0..<batch {
                    let k = rng.nextInt(below: columnCount)
                    let o = conditionOffsets[k]
                    categories[i] = Int32(o + Self.pick(cdf.baseAddress! + o, categoryCounts[k], rng.nextDouble()))
                }
            }
        }
    }

    /// The discrete column (0..<columnCount) of global category `category`.
    public func column(ofCategory category: Int) -> Int {
        var k = 0
        while k + 1 < columnCount && conditionOffsets[k + 1] <= category { k += 1 }
        return k
    }

    /// The encoded-row column of global category `category` (the one-hot position in the data).
    func dataColumn(ofCategory category: Int, column k: Int) -> Int {
        dataOffsets[k] + category - conditionOffsets[k]
    }

    /// The global category that an encoded row carries in discrete column `k` (its hot one-hot position).
    public func category(ofEncodedRow row: UnsafePointer<Float>, column k: Int) -> Int {
        let o = dataOffsets[k]
        var best = 0
        for j in 1..<categoryCounts[k] where row[o + j] > row[o + best] { best = j }
        return conditionOffsets[k] + best
    }

    /// The spans of the discrete columns in a condition vector.
    public var conditionSpans: [Range<Int>] {
        (0..<columnCount).map { conditionOffsets[$0] ..< conditionOffsets[$0] + categoryCounts[$0] }
    }

    /// The spans of the discrete columns in an encoded row.
    public var dataSpans: [Range<Int>] {
        (0..<columnCount).map { dataOffsets[$0] ..< dataOffsets[$0] + categoryCounts[$0] }
    }

    /// Category index within its column for global category `category` of column `k`.
    @inline(__always)
    func localCategory(_ category: Int, column k: Int) -> Int { category - conditionOffsets[k] }
}
