/// Every method SynthBench implements, per backend.
public enum MethodCatalog {
    /// All registered methods, `sdv` first.
    public static var all: [MethodDescriptor] { sdv + synthcity }

    /// The `sdv` backend: SDV's synthesizers and SDGym's baselines, with their defaults.
    public static var sdv: [MethodDescriptor] { [sdvCTGAN, sdvTVAE] }

    /// The `synthcity` backend: SynthCity's plugins, with their defaults.
    public static var synthcity: [MethodDescriptor] { [synthcityCTGAN, synthcityTVAE] }

    public static func descriptor(_ name: String, backend: Backend) -> MethodDescriptor? {
        (backend == .sdv ? sdv : synthcity).first { $0.name == name }
    }
}
