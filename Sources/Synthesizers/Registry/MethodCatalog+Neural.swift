import SynthNN

/// CTGAN and TVAE in both backends, with the reference libraries' parameter names and defaults.
extension MethodCatalog {
    static let sdvCTGAN = MethodDescriptor(
        name: "ctgan", backend: .sdv,
        summary: "SDV CTGANSynthesizer: conditional WGAN-GP with mode-specific normalisation and training-by-sampling",
        parameters: ctganParameters(pac: 10),
        testProfile: sdvCTGANTestProfile,
        build: { p in CTGANSynthesizer(configuration: try ctganConfiguration(p, method: "ctgan"), backend: .sdv) })

    /// `ctgan.CTGAN`'s parameters (SDV's CTGANSynthesizer; SmartNoise DPCTGAN's base), with `pac`'s default.
    static func ctganParameters(pac: Int) -> [MethodParameter] {
        [
            MethodParameter("epochs", .int(1...1_000_000), default: .int(300), help: "training epochs"),
            MethodParameter("batch_size", .int(2...1_000_000), default: .int(500),
                            help: "rows per step; even and a multiple of pac (CTGAN asserts both)"),
            MethodParameter("embedding_dim", .int(1...100_000), default: .int(128), help: "noise width of the generator input"),
            MethodParameter("generator_dim", .ints, default: .ints([256, 256]), help: "widths of the generator's residual blocks"),
            MethodParameter("discriminator_dim", .ints, default: .ints([256, 256]), help: "widths of the discriminator's layers"),
            MethodParameter("generator_lr", .double(1e-12...10), default: .double(2e-4), help: "generator Adam learning rate"),
            MethodParameter("generator_decay", .double(0...10), default: .double(1e-6), help: "generator Adam weight decay"),
            MethodParameter("discriminator_lr", .double(1e-12...10), default: .double(2e-4), help: "discriminator Adam learning rate"),
            MethodParameter("discriminator_decay", .double(0...10), default: .double(1e-6), help: "discriminator Adam weight decay"),
            MethodParameter("discriminator_steps", .int(1...1000), default: .int(1), help: "critic updates per generator update"),
            MethodParameter("pac", .int(1...10_000), default: .int(pac), help: "rows the discriminator sees together (PacGAN)"),
            MethodParameter("log_frequency", .bool, default: .bool(true),
                            help: "condition categories by log(count + 1) instead of count"),
            precisionParameter,
        ]
    }

    /// The CTGAN configuration from ``ctganParameters(pac:)``.
    static func ctganConfiguration(_ p: ResolvedParameters, method: String) throws -> ConditionalGANConfiguration {
        var c = ConditionalGANConfiguration.sdv
        c.epochs = p.int("epochs"); c.batchSize = p.int("batch_size"); c.embeddingDimension = p.int("embedding_dim")
        c.generator = .ctganResidual(p.ints("generator_dim")); c.discriminator = .ctgan(p.ints("discriminator_dim"))
        c.generatorLearningRate = p.double("generator_lr"); c.generatorWeightDecay = p.double("generator_decay")
        c.discriminatorLearningRate = p.double("discriminator_lr")
        c.discriminatorWeightDecay = p.double("discriminator_decay")
        c.discriminatorSteps = p.int("discriminator_steps"); c.pac = p.int("pac")
        c.frequency = p.bool("log_frequency") ? .logarithmic : .raw
        if c.batchSize % 2 != 0 {
            throw SynthesisError.invalidParameter(method: method, name: "batch_size", value: "\(c.batchSize)",
                                                  requirement: "must be even (CTGAN asserts batch_size % 2 == 0)")
        }
        if c.batchSize % c.pac != 0 {
            throw SynthesisError.invalidParameter(method: method, name: "batch_size", value: "\(c.batchSize)",
                                                  requirement: "must be a multiple of pac=\(c.pac)")
        }
        return c
    }

    static let synthcityCTGAN = MethodDescriptor(
        name: "ctgan", backend: .synthcity,
        summary: "SynthCity ctgan plugin: TabularGAN (WGAN-GP, residual MLP generator, no pac), aligned conditions, early stopping on detection",
        parameters: synthcityGANParameters(epochs: 2000, encoderClusters: 10, earlyStopping: true),
        testProfile: synthcityCTGANTestProfile,
        build: { p in
            CTGANSynthesizer(configuration: synthcityGANConfiguration(p), backend: .synthcity,
                             maxClusters: p.int("encoder_max_clusters"))
        })

    /// The parameters of SynthCity's `TabularGAN` plugins (ctgan, dpgan, adsgan), with the plugin's
    /// `n_iter`, `encoder_max_clusters` and early-stopping defaults.
    static func synthcityGANParameters(epochs: Int, encoderClusters: Int, earlyStopping: Bool) -> [MethodParameter] {
        [
            MethodParameter("n_iter", .int(1...1_000_000), default: .int(epochs), help: "maximum training epochs"),
            epochsAlias,
            MethodParameter("batch_size", .int(1...1_000_000), default: .int(200), help: "rows per step"),
            MethodParameter("generator_n_layers_hidden", .int(1...64), default: .int(2), help: "generator residual blocks"),
            MethodParameter("generator_n_units_hidden", .int(1...100_000), default: .int(500),
                            help: "generator width (and noise width, n_units_latent)"),
            MethodParameter("generator_nonlin", .choice(activationNames), default: .string("relu"), help: "generator activation"),
            MethodParameter("discriminator_n_layers_hidden", .int(1...64), default: .int(2), help: "discriminator hidden layers"),
            MethodParameter("discriminator_n_units_hidden", .int(1...100_000), default: .int(500), help: "discriminator width"),
            MethodParameter("discriminator_nonlin", .choice(activationNames), default: .string("leaky_relu"),
                            help: "discriminator activation (leaky_relu: slope 0.01)"),
            MethodParameter("discriminator_n_iter", .int(1...1000), default: .int(1), help: "critic updates per generator update"),
            MethodParameter("discriminator_dropout", .double(0...0.99), default: .double(0.1),
                            help: "dropout before every discriminator layer but the first"),
            MethodParameter("lr", .double(1e-12...10), default: .double(1e-3), help: "Adam learning rate of both networks"),
            MethodParameter("weight_decay", .double(0...10), default: .double(1e-3),
                            help: "Adam weight decay of both networks (SynthCity's effective value: its MLP default)"),
            MethodParameter("clipping_value", .double(0...1e9), default: .double(1), help: "gradient-norm clipping, 0 for none"),
            MethodParameter("lambda_gradient_penalty", .double(0...1e6), default: .double(10), help: "WGAN-GP weight"),
            MethodParameter("encoder_max_clusters", .int(1...100), default: .int(encoderClusters),
                            help: "mixture components per continuous column"),
            MethodParameter("early_stopping", .bool, default: .bool(earlyStopping),
                            help: "score detection_mlp on a 20% hold-out every n_iter_print epochs (patience_metric)"),
            MethodParameter("patience", .int(1...1_000_000), default: .int(5), help: "checks without improvement before stopping"),
            MethodParameter("n_iter_print", .int(1...1_000_000), default: .int(50), help: "epochs between early-stopping checks"),
            MethodParameter("n_iter_min", .int(0...1_000_000), default: .int(100), help: "epochs before early stopping may stop"),
            precisionParameter,
        ]
    }

    /// SynthCity's `TabularGAN` configuration from ``synthcityGANParameters(epochs:encoderClusters:earlyStopping:)``.
    static func synthcityGANConfiguration(_ p: ResolvedParameters) -> ConditionalGANConfiguration {
        var c = ConditionalGANConfiguration.synthcity
        c.epochs = epochs(p); c.batchSize = p.int("batch_size")
        let units = p.int("generator_n_units_hidden")
        c.embeddingDimension = units
        c.generator = .synthcityResidual(layers: p.int("generator_n_layers_hidden"), units: units,
                                         activation: activation(p.string("generator_nonlin")))
        c.discriminator = .synthcity(layers: p.int("discriminator_n_layers_hidden"),
                                     units: p.int("discriminator_n_units_hidden"),
                                     activation: activation(p.string("discriminator_nonlin")),
                                     dropout: Float(p.double("discriminator_dropout")))
        c.discriminatorSteps = p.int("discriminator_n_iter")
        c.generatorLearningRate = p.double("lr"); c.discriminatorLearningRate = p.double("lr")
        c.generatorWeightDecay = p.double("weight_decay"); c.discriminatorWeightDecay = p.double("weight_decay")
        let clip = p.double("clipping_value")
        c.gradientClipNorm = clip > 0 ? Float(clip) : nil
        c.gradientPenaltyLambda = Float(p.double("lambda_gradient_penalty"))
        c.earlyStopping = p.bool("early_stopping")
            ? EarlyStoppingRule(interval: p.int("n_iter_print"), patience: p.int("patience"),
                                minimumEpochs: p.int("n_iter_min"))
            : nil
        return c
    }

    /// The stabilised training options every TVAE accepts.
    static func stabilisedTVAEParameters(earlyStopping: Bool) -> [MethodParameter] {
        var out = [
            MethodParameter("optimizer", .choice(TVAEConfiguration.OptimizerKind.allCases.map(\.rawValue)),
                            default: .string("adam"), help: "adam (L2 weight decay) or adamw (decoupled)"),
            MethodParameter("reduce_lr_on_plateau", .int(0...1_000_000), default: .int(0),
                            help: "ReduceLROnPlateau patience in epochs on the epoch loss (factor 0.1); 0 for off"),
            MethodParameter("grad_clip", .double(0...1e9), default: .double(0), help: "gradient-norm clipping; 0 for off"),
            MethodParameter("kl_annealing", .int(0...1_000_000), default: .int(0),
                            help: "epochs over which the KL weight rises linearly from 0 to 1; 0 for off"),
        ]
        if !earlyStopping {
            out.append(MethodParameter("early_stopping_patience", .int(0...1_000_000), default: .int(0),
                                       help: "stop after this many checks without a better validation loss (20% hold-out); 0 for off"))
            out.append(MethodParameter("early_stopping_interval", .int(1...1_000_000), default: .int(1),
                                       help: "epochs between validation-loss checks"))
        }
        out.append(precisionParameter)
        return out
    }

    static func applyStabilised(_ p: ResolvedParameters, to c: inout TVAEConfiguration) {
        c.optimizer = TVAEConfiguration.OptimizerKind(rawValue: p.string("optimizer"))!
        let plateau = p.int("reduce_lr_on_plateau")
        c.reduceLROnPlateauPatience = plateau > 0 ? plateau : nil
        let clip = p.double("grad_clip")
        c.gradientClipNorm = clip > 0 ? Float(clip) : nil
        c.klAnnealingEpochs = p.int("kl_annealing")
    }

    static let sdvTVAE = MethodDescriptor(
        name: "tvae", backend: .sdv,
        summary: "SDV TVAESynthesizer: variational autoencoder over mode-specific normalised columns",
        parameters: [
            MethodParameter("epochs", .int(1...1_000_000), default: .int(300), help: "training epochs"),
            MethodParameter("batch_size", .int(1...1_000_000), default: .int(500), help: "rows per step"),
            MethodParameter("embedding_dim", .int(1...100_000), default: .int(128), help: "latent width"),
            MethodParameter("compress_dims", .ints, default: .ints([128, 128]), help: "encoder widths"),
            MethodParameter("decompress_dims", .ints, default: .ints([128, 128]), help: "decoder widths"),
            MethodParameter("l2scale", .double(0...10), default: .double(1e-5), help: "Adam weight decay"),
            MethodParameter("loss_factor", .double(0...1e6), default: .double(2), help: "weight of the reconstruction term"),
            MethodParameter("learning_rate", .double(1e-12...10), default: .double(1e-3),
                            help: "Adam learning rate (TVAE hard-codes torch's default 1e-3)"),
        ] + stabilisedTVAEParameters(earlyStopping: false),
        testProfile: sdvTVAETestProfile,
        build: { p in
            var c = TVAEConfiguration.sdv
            c.epochs = p.int("epochs"); c.batchSize = p.int("batch_size"); c.embeddingDimension = p.int("embedding_dim")
            c.architecture = .ctgan(compress: p.ints("compress_dims"), decompress: p.ints("decompress_dims"))
            c.weightDecay = p.double("l2scale"); c.lossFactor = p.double("loss_factor")
            c.learningRate = p.double("learning_rate")
            applyStabilised(p, to: &c)
            let patience = p.int("early_stopping_patience")
            c.earlyStopping = patience > 0
                ? EarlyStoppingRule(interval: p.int("early_stopping_interval"), patience: patience, minimumEpochs: 0)
                : nil
            return TVAESynthesizer(configuration: c, backend: .sdv)
        })

    static let synthcityTVAE = MethodDescriptor(
        name: "tvae", backend: .synthcity,
        summary: "SynthCity tvae plugin: conditional VAE (3 x 500 encoder, residual decoder), early stopping on validation loss",
        parameters: [
            MethodParameter("n_iter", .int(1...1_000_000), default: .int(1000), help: "maximum training epochs"),
            epochsAlias,
            MethodParameter("batch_size", .int(1...1_000_000), default: .int(200), help: "rows per step"),
            MethodParameter("n_units_embedding", .int(1...100_000), default: .int(500), help: "latent width"),
            MethodParameter("lr", .double(1e-12...10), default: .double(1e-3), help: "Adam learning rate"),
            MethodParameter("weight_decay", .double(0...10), default: .double(1e-5), help: "Adam weight decay"),
            MethodParameter("decoder_n_layers_hidden", .int(1...64), default: .int(3), help: "decoder residual blocks"),
            MethodParameter("decoder_n_units_hidden", .int(1...100_000), default: .int(500), help: "decoder width"),
            MethodParameter("decoder_nonlin", .choice(activationNames), default: .string("leaky_relu"), help: "decoder activation"),
            MethodParameter("decoder_dropout", .double(0...0.99), default: .double(0), help: "decoder dropout"),
            MethodParameter("encoder_n_layers_hidden", .int(2...64), default: .int(3), help: "encoder layers (MLP of n - 1 hidden blocks)"),
            MethodParameter("encoder_n_units_hidden", .int(1...100_000), default: .int(500), help: "encoder width"),
            MethodParameter("encoder_nonlin", .choice(activationNames), default: .string("leaky_relu"), help: "encoder activation"),
            MethodParameter("encoder_dropout", .double(0...0.99), default: .double(0.1), help: "encoder dropout"),
            MethodParameter("loss_factor", .double(0...1e6), default: .double(1), help: "weight of the reconstruction term"),
            MethodParameter("data_encoder_max_clusters", .int(1...100), default: .int(10),
                            help: "mixture components per continuous column"),
            MethodParameter("early_stopping", .bool, default: .bool(true),
                            help: "validation loss on a 20% hold-out every n_iter_print epochs"),
            MethodParameter("patience", .int(1...1_000_000), default: .int(5), help: "checks without improvement before stopping"),
            MethodParameter("n_iter_print", .int(1...1_000_000), default: .int(50), help: "epochs between early-stopping checks"),
            MethodParameter("n_iter_min", .int(0...1_000_000), default: .int(100), help: "epochs before early stopping may stop"),
        ] + stabilisedTVAEParameters(earlyStopping: true),
        testProfile: synthcityTVAETestProfile,
        build: { p in
            var c = TVAEConfiguration.synthcity
            c.epochs = epochs(p); c.batchSize = p.int("batch_size"); c.embeddingDimension = p.int("n_units_embedding")
            c.learningRate = p.double("lr"); c.weightDecay = p.double("weight_decay")
            c.architecture = .synthcity(
                encoderLayers: p.int("encoder_n_layers_hidden"), encoderUnits: p.int("encoder_n_units_hidden"),
                encoderActivation: activation(p.string("encoder_nonlin")), encoderDropout: Float(p.double("encoder_dropout")),
                decoderLayers: p.int("decoder_n_layers_hidden"), decoderUnits: p.int("decoder_n_units_hidden"),
                decoderActivation: activation(p.string("decoder_nonlin")), decoderDropout: Float(p.double("decoder_dropout")))
            c.lossFactor = p.double("loss_factor")
            applyStabilised(p, to: &c)
            c.earlyStopping = p.bool("early_stopping")
                ? EarlyStoppingRule(interval: p.int("n_iter_print"), patience: p.int("patience"),
                                    minimumEpochs: p.int("n_iter_min"))
                : nil
            return TVAESynthesizer(configuration: c, backend: .synthcity, maxClusters: p.int("data_encoder_max_clusters"))
        })

    /// `epochs` on a SynthCity method: the name grid specs share across backends; 0 keeps `n_iter`.
    static let epochsAlias = MethodParameter(
        "epochs", .int(0...1_000_000), default: .int(0),
        help: "the cross-backend name for n_iter: when positive it replaces n_iter (0: use n_iter)")

    static func epochs(_ p: ResolvedParameters) -> Int {
        p.int("epochs") > 0 ? p.int("epochs") : p.int("n_iter")
    }

    /// SynthCity's `get_nonlin` names this port supports.
    static let activationNames = ["relu", "leaky_relu", "elu", "selu", "tanh", "sigmoid"]

    static func activation(_ name: String) -> Activation {
        switch name {
        case "relu": .relu
        case "leaky_relu": .leakyReLU(slope: 0.01)
        case "elu": .elu(alpha: 1)
        case "selu": .selu
        case "tanh": .tanh
        case "sigmoid": .sigmoid
        default: preconditionFailure("activation \(name) passed parameter validation")
        }
    }
}
