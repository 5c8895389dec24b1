/// TabDDPM (`ddpm`) on the `synthcity` backend; SDV has no diffusion model, so `ddpm` on `sdv` falls back
/// here (recorded by the factory).
extension MethodCatalog {
    static let synthcityDDPM = MethodDescriptor(
        name: "ddpm", aliases: ["tabddpm", "diffusion"], backend: .synthcity,
        summary: "SynthCity ddpm plugin: TabDDPM, Gaussian (quantile-normal numbers) + multinomial (categories) diffusion with an MLP denoiser",
        parameters: [
            MethodParameter("preset", .choice(["synthcity", "paper"]), default: .string("synthcity"),
                            help: "paper: the official TabDDPM adult configuration for every parameter left at its SynthCity default"),
            MethodParameter("n_iter", .int(1...1_000_000), default: .int(1000), help: "training epochs (SynthCity counts epochs)"),
            epochsAlias,
            MethodParameter("steps", .int(0...10_000_000), default: .int(0),
                            help: "train for this many steps of shuffled batches instead of n_iter epochs (the official trainer); 0: epochs"),
            MethodParameter("lr", .double(1e-12...10), default: .double(0.002), help: "AdamW learning rate, decaying linearly to 0"),
            MethodParameter("weight_decay", .double(0...10), default: .double(1e-4), help: "AdamW decoupled weight decay"),
            MethodParameter("batch_size", .int(1...1_000_000), default: .int(1024), help: "rows per step"),
            MethodParameter("num_timesteps", .int(2...100_000), default: .int(1000), help: "diffusion steps T"),
            MethodParameter("scheduler", .choice(DiffusionSchedule.Kind.allCases.map(\.rawValue)), default: .string("cosine"),
                            help: "forward-process variance schedule"),
            MethodParameter("gaussian_loss_type", .choice(["mse", "kl"]), default: .string("mse"),
                            help: "mse (epsilon regression) or kl (the variational bound in bits per dimension, as TabDDPM)"),
            MethodParameter("is_classification", .bool, default: .bool(false),
                            help: "condition on the target column's class (metadata target, else the last column)"),
            MethodParameter("dim_embed", .int(2...100_000), default: .int(128), help: "projection and time-embedding width (even)"),
            MethodParameter("n_layers_hidden", .int(1...64), default: .int(3), help: "denoiser hidden layers (model_params)"),
            MethodParameter("n_units_hidden", .int(1...100_000), default: .int(256), help: "denoiser hidden width (model_params)"),
            MethodParameter("d_layers", .ints, default: .ints([256, 256, 256]),
                            help: "denoiser hidden widths, the official name; used when it differs from n_layers_hidden x n_units_hidden's default"),
            MethodParameter("columns", .choice(DiffusionEncoding.ColumnRule.allCases.map(\.rawValue)), default: .string("synthcity"),
                            help: "categorical columns: synthcity (at most 10 distinct values) or sdtype (categorical/boolean)"),
            MethodParameter("quantile_bounds", .choice(QuantileNormalTransformer.Bounds.allCases.map(\.rawValue)),
                            default: .string("midrank"),
                            help: "midrank: values at the min/max keep their mid-rank score (fixes SynthCity #345); sklearn: +-5.2 as SynthCity"),
            MethodParameter("clip_denoised", .bool, default: .bool(true),
                            help: "clamp the reverse chain's predicted x0 to the data's normal-score range (fixes SynthCity #345); false as SynthCity"),
            MethodParameter("sample_steps", .int(0...100_000), default: .int(0),
                            help: "reverse-chain steps (evenly spaced, respaced schedule; an approximation); 0: all num_timesteps"),
            MethodParameter("sample_batch_size", .int(1...10_000_000), default: .int(16_384),
                            help: "rows run through the reverse chain together (SynthCity: 2000)"),
        ] + synthcityPluginParameters + [precisionParameter],
        testProfile: synthcityDDPMTestProfile,
        build: { p in try DiffusionSynthesizer(options: ddpmOptions(p)) })

    /// The options of a resolved `ddpm` parameter set, with `preset=paper` filled in.
    public static func ddpmOptions(_ p: ResolvedParameters) throws(SynthesisError) -> DiffusionSynthesizer.Options {
        let paper = p.string("preset") == "paper"
        /// The paper's value when the preset is on and the parameter is at its SynthCity default.
        func value(_ key: String, _ synthcityDefault: ParameterValue, paper paperValue: ParameterValue) -> ParameterValue {
            paper && p.values[key] == synthcityDefault ? paperValue : p.values[key]!
        }
        func int(_ v: ParameterValue) -> Int { if case .int(let i) = v { i } else { preconditionFailure("int") } }
        func double(_ v: ParameterValue) -> Double {
            switch v {
            case .double(let d): d
            case .int(let i): Double(i)
            default: preconditionFailure("number")
            }
        }
        var c = DiffusionConfiguration.synthcity
        c.gaussianLoss = DiffusionLoss.GaussianLoss(rawValue: p.string("gaussian_loss_type"))!
        let steps = int(value("steps", .int(0), paper: .int(30_000)))
        c.training = steps > 0 ? .steps(steps) : .epochs(epochs(p))
        c.batchSize = int(value("batch_size", .int(1024), paper: .int(4096)))
        c.learningRate = double(value("lr", .double(0.002), paper: .double(0.00201)))
        c.weightDecay = double(value("weight_decay", .double(1e-4), paper: .double(0)))
        c.timesteps = int(value("num_timesteps", .int(1000), paper: .int(100)))
        c.schedule = DiffusionSchedule.Kind(rawValue: p.string("scheduler"))!
        if c.schedule == .linear && c.timesteps <= 20 {
            throw .invalidParameter(method: "ddpm", name: "num_timesteps", value: "\(c.timesteps)",
                                    requirement: "the linear schedule ends at beta = 20/T, so it needs more than 20 timesteps")
        }
        c.embeddingWidth = p.int("dim_embed")
        guard c.embeddingWidth % 2 == 0 else {
            throw .invalidParameter(method: "ddpm", name: "dim_embed", value: "\(c.embeddingWidth)",
                                    requirement: "must be even (the sinusoidal embedding has cos and sin halves)")
        }
        let dLayers = p.ints("d_layers"), layers = p.int("n_layers_hidden"), units = p.int("n_units_hidden")
        if dLayers != [256, 256, 256] {
            c.hidden = dLayers
        } else if paper && layers == 3 && units == 256 {
            c.hidden = DiffusionConfiguration.paper.hidden
        } else {
            c.hidden = Array(repeating: units, count: layers)
        }
        let sampleSteps = p.int("sample_steps")
        if sampleSteps == 1 {
            throw .invalidParameter(method: "ddpm", name: "sample_steps", value: "1", requirement: "0 (all) or at least 2")
        }
        c.sampleSteps = sampleSteps >= 2 ? sampleSteps : nil
        c.sampleBatchSize = p.int("sample_batch_size")
        c.clipDenoised = p.bool("clip_denoised") ? Float(QuantileNormalTransformer.clip) : nil
        let rule = value("columns", .string("synthcity"), paper: .string("sdtype"))
        let conditional = value("is_classification", .bool(false), paper: .bool(true))
        return DiffusionSynthesizer.Options(
            configuration: c, columnRule: DiffusionEncoding.ColumnRule(rawValue: rule.description)!,
            bounds: QuantileNormalTransformer.Bounds(rawValue: p.string("quantile_bounds"))!,
            classConditional: conditional == .bool(true), samplingPatience: p.int("sampling_patience"),
            strict: p.bool("strict"))
    }
}
