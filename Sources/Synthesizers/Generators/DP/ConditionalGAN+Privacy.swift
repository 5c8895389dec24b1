import SynthMath
import SynthNN

/// The conditional GAN's private critic update (dpgan, dp-ctgan) and ADS-GAN's paired real rows.
extension ConditionalGAN {
    /// One DP-SGD critic update.
    ///
    /// 1. A Poisson batch of training rows (rate `batch / n`), each paired with its own category in a
    ///    uniformly chosen discrete column (a data-independent choice, so the pairing costs nothing), and
    ///    with one generated row under a condition drawn by the training rule.
    /// 2. Each (real, generated) pair is one DP-SGD sample: its loss is the critic's whole objective on
    ///    the pair (`D(fake) - D(real)` for Wasserstein, with the real-term sign SynthCity #330 gets
    ///    wrong put right; `BCE(D(real), 1) + BCE(D(fake), 0)` for cross-entropy). ``DPSGD`` clips each
    ///    pair's gradient to `C`, sums, adds `N(0, (σC)²)` and divides by the expected batch size; the step
    ///    is recorded in the accountant. A real row changes one pair, so the sensitivity stays `C`.
    ///
    /// Clipping the pair, not the real term alone, keeps the two terms on one scale: with only the real
    /// term clipped and noised, the unclipped fake term dominated the update, the critic learnt little but
    /// "lower D on generated rows", and the generator drifted away from the data (docs/privacy.md §3).
    /// There is no gradient penalty: interpolating real rows would read them outside DP-SGD (under Opacus
    /// SynthCity's penalty gradient is overwritten by the private one, so it has none in effect either).
    func privateDiscriminatorStep(_ values: UnsafeBufferPointer<Float>, _ s: inout StepState, _ optimizer: Adam,
                                  _ privacy: PrivateCriticTraining, _ rng: inout RandomStream) -> Double {
        let cfg = configuration, w = dataWidth, cw = conditionWidth, rowWidth = w + cw
        let realRows = privacy.nextBatch(rng: &rng).map { s.trainingRows[$0] }
        let n = realRows.count
        optimizer.zeroGrad()
        var loss: Float = 0
        if n > 0 {
            let real = Tensor.zeros(.matrix(n, rowWidth))
            real.withUnsafeMutableBufferPointer { dst in
                for (i, r) in realRows.enumerated() {
                    let row = values.baseAddress! + r * w
                    (dst.baseAddress! + i * rowWidth).update(from: row, count: w)
                    if let sampler, cw > 0 {
                        let k = rng.nextInt(below: sampler.columnCount)
                        dst[i * rowWidth + w + sampler.category(ofEncodedRow: row, column: k)] = 1
                    }
                }
            }
            var columns = [Int32](repeating: 0, count: n), categories = [Int32](repeating: 0, count: n)
            if let sampler, cw > 0 {
                columns.withUnsafeMutableBufferPointer { col in
                    categories.withUnsafeMutableBufferPointer { cat in
                        sampler.drawConditions(batch: n, columns: col.baseAddress!, categories: cat.baseAddress!, rng: &rng)
                    }
                }
            }
            let fake: Tensor = categories.withUnsafeBufferPointer { cat in
                let z = generatorInput(categories: cw > 0 ? cat.baseAddress! : nil, rows: n, rng: &rng)
                let activated = noGrad { head(generator(z, rng: &rng), rng: &rng) }
                return cw > 0 ? concatColumns([activated, conditionMatrix(cat.baseAddress!, rows: n)]) : activated
            }
            privacy.dpsgd.capturing {
                let yReal = discriminator(real, rng: &rng), yFake = discriminator(fake, rng: &rng)
                let pairLoss = cfg.discriminatorLoss == .wasserstein
                    ? yFake.mean() - yReal.mean()
                    : binaryCrossEntropyWithLogits(yReal, Tensor.ones(yReal.shape))
                        + binaryCrossEntropyWithLogits(yFake, Tensor.zeros(yFake.shape))
                pairLoss.backward()
                loss = pairLoss.item
            }
        }
        privacy.dpsgd.privatizeGradients(rng: &rng)
        privacy.recordStep()
        optimizer.step()
        return Double(loss)
    }

    /// ADS-GAN's real rows for the generator batch: for each row's condition a training row carrying that
    /// category (aligned, as the critic's), or a uniform training row without conditions.
    func pairedRealRows(_ values: UnsafeBufferPointer<Float>, _ s: inout StepState, rng: inout RandomStream) -> Tensor {
        let b = s.batch, w = dataWidth
        if let sampler, conditionWidth > 0 {
            s.categories.withUnsafeBufferPointer { cat in
                s.realRows.withUnsafeMutableBufferPointer { rows in
                    sampler.drawRows(batch: b, categories: cat.baseAddress!, realRows: rows.baseAddress!, rng: &rng)
                }
            }
        } else {
            for i in 0..<b { s.realRows[i] = Int32(s.trainingRows[rng.nextInt(below: s.trainingRows.count)]) }
        }
        let out = Tensor.zeros(.matrix(b, w))
        out.withUnsafeMutableBufferPointer { dst in
            for i in 0..<b {
                (dst.baseAddress! + i * w).update(from: values.baseAddress! + Int(s.realRows[i]) * w, count: w)
            }
        }
        return out
    }

    /// What training read from the raw data outside DP-SGD.
    var nonPrivateInputs: [String] {
        var out: [String] = []
        if conditionWidth > 0 { out.append("condition-vector category frequencies (training-by-sampling)") }
        if configuration.earlyStopping != nil { out.append("early stopping: detection score on real validation rows") }
        return out
    }
}
