import SynthMath
import SynthNN

/// CTGAN's pac groups on the critic's input: one critic row per group of `pac` rows, their data side by side,
/// then their one-hot conditions. The fused critic (SynthNN's ``PiecewiseLinearCritic``) reads the
/// conditions as `pac` one-hot blocks; the taped critic reads the same rows written out.
extension ConditionalGAN {
    /// The fused critic for `discriminator` when it is a piecewise-linear chain (nil otherwise), its input's
    /// tail read as `pac` one-hot condition blocks of `conditionWidth`.
    static func pacCritic(_ discriminator: Sequential, pac: Int, conditionWidth: Int) -> PiecewiseLinearCritic? {
        PiecewiseLinearCritic(discriminator, oneHotBlocks: pac, blockWidth: conditionWidth)
    }

    /// Writes the critic's fake and real input blocks, one row per pac group (row stride
    /// `pac · (width + conditionWidth)`): `[x_1 … x_pac | c_1 … c_pac]`, the group's data rows side by side,
    /// then their one-hot conditions, whose categories also go to `fakeHot` / `realHot` (`pac` per group).
    /// CTGAN's `view(-1, pac · d)` interleaves each row's data and condition instead; the columns are a fixed
    /// permutation of its, and the critic's first-layer weights are i.i.d. at initialisation, so the two
    /// critics have the same function class and initial distribution. Fake rows: `head(G([z, c]))` with
    /// their conditions `c`; real rows: each with the condition it was drawn for (after CTGAN's permutation).
    /// The blocks must be zeroed.
    func fillCriticInputs(_ values: UnsafeBufferPointer<Float>, _ s: inout StepState, fake: UnsafeMutablePointer<Float>,
                          fakeHot: UnsafeMutablePointer<Int32>, real: UnsafeMutablePointer<Float>,
                          realHot: UnsafeMutablePointer<Int32>, rng: inout RandomStream) {
        let cfg = configuration, b = s.batch, w = dataWidth, cw = conditionWidth, pac = cfg.pac
        let stride = pac * (w + cw)
        /// The offset of row `i`'s data, and of its condition block.
        func place(_ i: Int) -> (data: Int, condition: Int) {
            let g = i / pac, k = i % pac
            return (g * stride + k * w, g * stride + pac * w + k * cw)
        }
        s.categories.withUnsafeBufferPointer { cat in
            let z = generatorInput(categories: cw > 0 ? cat.baseAddress! : nil, rows: b, rng: &rng)
            let activated = noGrad { head(generator(z, rng: &rng), rng: &rng) }
            activated.withUnsafeBufferPointer { src in
                for i in 0..<b {
                    let (d, c) = place(i)
                    (fake + d).update(from: src.baseAddress! + i * w, count: w)
                    if cw > 0 { fake[c + Int(cat[i])] = 1; fakeHot[i] = cat[i] }
                }
            }
        }
        let src = values.baseAddress!
        for i in 0..<b {
            let j = cfg.permuteRealRows ? Int(s.permutation[i]) : i
            let (d, c) = place(i)
            (real + d).update(from: src + Int(s.realRows[j]) * w, count: w)
            if cw > 0 { real[c + Int(s.categories[j])] = 1; realHot[i] = s.categories[j] }
        }
    }
}
