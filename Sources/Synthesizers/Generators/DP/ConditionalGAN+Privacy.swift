import SynthMath
import SynthNN

/// The conditional GAN's private critic update (dpgan, dp-ctgan) and ADS-GAN's paired real rows.
extension ConditionalGAN {
    /// One DP-SGD critic update.
    ///
    /// 1. A Poisson batch of training rows (rate `batch / n`), each paired with its own category in a
    ///    uniformly chosen discrete column (a data-independent choice, so the pairing costs nothing).
    /// 2. The real-data term (`-mean D(real)` for Wasserstein with the sign SynthCity #330 gets wrong,
    ///    `BCE(D(real), 1)` for cross-entropy) runs with per-sample capture; ``DPSGD`` clips each row's
    ///    gradient to `C`, sums, adds `N(0, (σC)²)` and divides by the expected batch size; the step is
    ///    recorded in the accountant.
    /// 3. The fake-data term (`mean D(fake)` or `BCE(D(fake), 0)`) reads only generated rows, so its
    ///    gradient is added without noise (post-processing of earlier private steps). There is no gradient
    ///    penalty: interpolating real rows would read them outside DP-SGD (under Opacus SynthCity's penalty
    ///    gradient is overwritten by the private one, so it has none in effect either).
    func privateDiscriminatorStep(_ values: UnsafeBufferPointer<Float>, _ s: inout StepState, _ optimizer: Adam,
                                  _ privacy: PrivateCriticTraining, _ rng: inout RandomStream) -> Double {
        let cfg = configuration, b = s.batch, w = dataWidth, cw = conditionWidth, rowWidth = w + cw
        let realRows = privacy.nextBatch(rng: &rng).map { s.trainingRows[$0] }
        let real = Tensor.zeros(.matrix(realRows.count, rowWidth))
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
        if let sampler {
            s.columns.withUnsafeMutableBufferPointer { col in
                s.categories.withUnsafeMutableBufferPointer { cat in
                    sampler.drawConditions(batch: b, columns: col.baseAddress!, categories: cat.baseAddress!, rng: &rng)
                }
            }
        }
        let fake: Tensor = s.categories.withUnsafeBufferPointer { cat in
            let z = generatorInput(categories: cw > 0 ? cat.baseAddress! : nil, rows: b, rng: &rng)
            let activated = noGrad { head(generator(z, rng: &rng), rng: &rng) }
            return cw > 0 ? concatColumns([activated, conditionMatrix(cat.baseAddress!, rows: b)]) : activated
        }
        let wasserstein = cfg.discriminatorLoss == .wasserstein
        optimizer.zeroGrad()
        var realLoss: Float = 0
        if !realRows.isEmpty {
            privacy.dpsgd.capturing {
                let y = discriminator(real, rng: &rng)
                let loss = wasserstein ? -y.mean() : binaryCrossEntropyWithLogits(y, Tensor.ones(y.shape))
                loss.backward()
                realLoss = loss.item
            }
        }
        privacy.dpsgd.privatizeGradients(rng: &rng)
        privacy.recordStep()
        let yFake = discriminator(fake, rng: &rng)
        let fakeLoss = wasserstein ? yFake.mean() : binaryCrossEntropyWithLogits(yFake, Tensor.zeros(yFake.shape))
        fakeLoss.backward()
        optimizer.step()
        return Double(realLoss + fakeLoss.item)
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
