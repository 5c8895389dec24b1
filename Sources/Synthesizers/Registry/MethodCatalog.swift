/// Every method SynthBench implements, per backend.
public enum MethodCatalog {
    /// All methods, `sdv` first, then those added with ``register(_:)``.
    public static var all: [MethodDescriptor] { sdv + synthcity + registered }

    /// The `sdv` backend: SDV's synthesizers and SDGym's baselines, with their defaults.
    public static var sdv: [MethodDescriptor] { [] }

    /// The `synthcity` backend: SynthCity's plugins, with their defaults.
    public static var synthcity: [MethodDescriptor] { [] }

    public static func descriptor(_ name: String, backend: Backend) -> MethodDescriptor? {
        (backend == .sdv ? sdv : synthcity).first { $0.name == name }
            ?? registered.first { $0.name == name && $0.backend == backend }
    }
}
