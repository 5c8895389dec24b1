/// The privacy generators of the production map (dpgan, dp-ctgan, pategan) and SynthCity's adsgan, on the
/// `synthcity` backend, where the production code routes every DP request.
extension MethodCatalog {
    /// The methods of this file, in the order `synthbench methods` lists them.
    static var privacyMethods: [MethodDescriptor] { [dpgan, dpCTGAN, pategan, adsgan] }

    /// `epsilon` and `delta`, which a DP request (`--dp epsilon=E,delta=D`) sets.
    static func budgetParameters(epsilon: Double, deltaDefault: String) -> [MethodParameter] {
        [
            MethodParameter("epsilon", .double(1e-6...1e6), default: .double(epsilon),
                            help: "privacy budget; the result reports the accountant's spent epsilon"),
            MethodParameter("delta", .double(0...0.5), default: .double(0),
                            help: "delta of the (epsilon, delta) guarantee; 0 for the default, \(deltaDefault)"),
        ]
    }

    static func delta(_ p: ResolvedParameters, default rule: DiscriminatorPrivacy.Delta) -> DiscriminatorPrivacy.Delta {
        p.double("delta") > 0 ? .value(p.double("delta")) : rule
    }

    /// SynthCity `dpgan`: its TabularGAN defaults (`encoder_max_clusters` 5), DP-SGD on the critic with the
    /// noise calibrated to epsilon over all `n_iter` epochs. Deviations (docs/privacy.md): the real term has
    /// the right sign (#330), Poisson batches, no gradient penalty, early stopping off by default.
    static let dpgan = MethodDescriptor(
        name: "dpgan", aliases: ["dp-gan", "dp_gan"], backend: .synthcity,
        summary: "SynthCity dpgan: TabularGAN with DP-SGD on the critic (RDP accountant), the real-loss sign of #330 fixed",
        parameters: synthcityGANParameters(epochs: 2000, encoderClusters: 5, earlyStopping: false)
            + budgetParameters(epsilon: 1, deltaDefault: "1/n")
            + [MethodParameter("dp_max_grad_norm", .double(1e-6...1e6), default: .double(2),
                               help: "per-sample gradient clipping bound C")],
        differentiallyPrivate: true,
        testProfile: dpganTestProfile,
        build: { p in
            var c = synthcityGANConfiguration(p)
            c.privacy = DiscriminatorPrivacy(noise: .calibrated(targetEpsilon: p.double("epsilon")),
                                             delta: delta(p, default: .inverseRows),
                                             maxGradientNorm: Float(p.double("dp_max_grad_norm")))
            return CTGANSynthesizer(configuration: c, backend: .synthcity, maxClusters: p.int("encoder_max_clusters"))
        })

    /// SmartNoise `DPCTGAN` (snsynth): CTGAN's networks and transformer, a sigmoid cross-entropy critic under
    /// DP-SGD at a fixed noise multiplier, training until the budget would be exceeded. SynthCity 0.2.12 has
    /// no such plugin, although the production map names `dpctgan`.
    static let dpCTGAN = MethodDescriptor(
        name: "dp-ctgan", aliases: ["dpctgan", "ctgan_dp"], backend: .synthcity,
        summary: "SmartNoise DPCTGAN (SynthCity 0.2.12 has no such plugin): CTGAN with a DP-SGD cross-entropy critic, sigma 5 until the budget is spent",
        parameters: ctganParameters(pac: 1) + budgetParameters(epsilon: 1, deltaDefault: "1/(n sqrt n)") + [
            MethodParameter("sigma", .double(1e-3...1e6), default: .double(5),
                            help: "DP-SGD noise multiplier (with noise = fixed)"),
            MethodParameter("noise", .choice(["fixed", "calibrated"]), default: .string("fixed"),
                            help: "fixed: sigma until the budget is spent (SmartNoise); calibrated: the smallest sigma "
                                + "that spends epsilon over all epochs (Opacus make_private_with_epsilon)"),
            MethodParameter("max_per_sample_grad_norm", .double(1e-6...1e6), default: .double(1),
                            help: "per-sample gradient clipping bound C"),
            MethodParameter("loss", .choice(["cross_entropy", "wasserstein"]), default: .string("cross_entropy"),
                            help: "critic objective"),
        ],
        differentiallyPrivate: true,
        testProfile: dpCTGANTestProfile,
        build: { p in
            var c = try ctganConfiguration(p, method: "dp-ctgan")
            guard c.pac == 1 else {
                throw SynthesisError.invalidParameter(
                    method: "dp-ctgan", name: "pac", value: "\(c.pac)",
                    requirement: "must be 1: DP-SGD clips each record's gradient over a Poisson batch of varying size")
            }
            c.discriminatorLoss = p.string("loss") == "wasserstein" ? .wasserstein : .crossEntropy
            c.privacy = DiscriminatorPrivacy(
                noise: p.string("noise") == "calibrated" ? .calibrated(targetEpsilon: p.double("epsilon"))
                    : .fixed(noiseMultiplier: p.double("sigma"), epsilonBudget: p.double("epsilon")),
                delta: delta(p, default: .inverseRowsToThreeHalves),
                maxGradientNorm: Float(p.double("max_per_sample_grad_norm")))
            return CTGANSynthesizer(configuration: c, backend: .sdv)
        })

    /// PATE-GAN with SynthCity `pategan`'s defaults, the original algorithm (the student never reads real
    /// rows) and a corrected moments accountant (#275, #276; docs/privacy.md).
    static let pategan = MethodDescriptor(
        name: "pategan", aliases: ["pate-gan", "pate_gan"], backend: .synthcity,
        summary: "PATE-GAN (SynthCity pategan defaults): noisy teacher votes label a student critic; moments accountant with #275/#276 fixed",
        parameters: [
            MethodParameter("n_iter", .int(1...1_000_000), default: .int(200), help: "outer PATE iterations"),
            epochsAlias,
            MethodParameter("generator_n_iter", .int(1...1_000_000), default: .int(10), help: "generator steps per iteration"),
            MethodParameter("discriminator_n_iter", .int(1...1000), default: .int(1), help: "student steps per generator step"),
            MethodParameter("generator_n_layers_hidden", .int(1...64), default: .int(2), help: "generator residual blocks"),
            MethodParameter("generator_n_units_hidden", .int(1...100_000), default: .int(500),
                            help: "generator width (and noise width)"),
            MethodParameter("discriminator_n_layers_hidden", .int(1...64), default: .int(2), help: "student hidden layers"),
            MethodParameter("discriminator_n_units_hidden", .int(1...100_000), default: .int(500), help: "student width"),
            MethodParameter("discriminator_dropout", .double(0...0.99), default: .double(0.1), help: "student dropout"),
            MethodParameter("lr", .double(1e-12...10), default: .double(1e-3), help: "Adam learning rate"),
            MethodParameter("weight_decay", .double(0...10), default: .double(1e-3), help: "Adam weight decay"),
            MethodParameter("batch_size", .int(1...1_000_000), default: .int(200), help: "rows per student/generator step"),
            MethodParameter("clipping_value", .double(0...1e9), default: .double(1), help: "gradient-norm clipping, 0 for none"),
            MethodParameter("encoder_max_clusters", .int(1...100), default: .int(5), help: "mixture components per continuous column"),
            MethodParameter("n_teachers", .int(1...10_000), default: .int(10), help: "teachers (disjoint partitions)"),
            MethodParameter("teacher_steps", .int(1...100_000), default: .int(20),
                            help: "Adam steps refitting each logistic-regression teacher per iteration"),
            MethodParameter("lamda", .double(1e-9...1e6), default: .double(1e-3), help: "Laplace precision (noise scale 1/lamda)"),
            MethodParameter("alpha", .int(1...10_000), default: .int(100), help: "moment orders of the accountant"),
            MethodParameter("diagnostics", .bool, default: .bool(false),
                            help: "publish per-iteration teacher-vote statistics in fit_notes (not private: the run is then never dp_effective)"),
        ] + budgetParameters(epsilon: 1, deltaDefault: "1/(n sqrt n)") + [precisionParameter],
        differentiallyPrivate: true,
        testProfile: pateganTestProfile,
        build: { p in
            var c = PATEGANConfiguration()
            c.iterations = epochs(p); c.generatorSteps = p.int("generator_n_iter"); c.studentSteps = p.int("discriminator_n_iter")
            c.generatorLayers = p.int("generator_n_layers_hidden"); c.generatorUnits = p.int("generator_n_units_hidden")
            c.studentLayers = p.int("discriminator_n_layers_hidden"); c.studentUnits = p.int("discriminator_n_units_hidden")
            c.studentDropout = Float(p.double("discriminator_dropout"))
            c.learningRate = p.double("lr"); c.weightDecay = p.double("weight_decay"); c.batchSize = p.int("batch_size")
            let clip = p.double("clipping_value")
            c.gradientClipNorm = clip > 0 ? Float(clip) : nil
            c.teachers = p.int("n_teachers"); c.teacherSteps = p.int("teacher_steps")
            c.lambda = p.double("lamda"); c.orders = p.int("alpha"); c.diagnostics = p.bool("diagnostics")
            c.epsilon = p.double("epsilon"); c.delta = delta(p, default: .inverseRowsToThreeHalves)
            return PATEGANSynthesizer(configuration: c, backend: .synthcity, maxClusters: p.int("encoder_max_clusters"))
        })

    /// SynthCity `adsgan`: TabularGAN with the identifiability penalty; not differentially private.
    static let adsgan = MethodDescriptor(
        name: "adsgan", aliases: ["ads-gan", "ads_gan"], backend: .synthcity,
        summary: "SynthCity adsgan: TabularGAN plus an identifiability penalty pushing generated rows from real ones (not DP)",
        parameters: synthcityGANParameters(epochs: 10000, encoderClusters: 5, earlyStopping: true) + [
            MethodParameter("lambda_identifiability_penalty", .double(0...1e6), default: .double(0.1),
                            help: "weight of -mean ||real - fake|| in the generator loss"),
        ],
        testProfile: adsganTestProfile,
        build: { p in
            var c = synthcityGANConfiguration(p)
            c.identifiabilityPenalty = Float(p.double("lambda_identifiability_penalty"))
            return CTGANSynthesizer(configuration: c, backend: .synthcity, maxClusters: p.int("encoder_max_clusters"))
        })
}
