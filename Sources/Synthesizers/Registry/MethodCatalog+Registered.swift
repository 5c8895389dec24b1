import Synchronization

extension MethodCatalog {
    private static let registeredStore = Mutex<[MethodDescriptor]>([])

    /// Methods added at run time, after the built-in ones (for example the runner's test-only methods,
    /// which the harness registers only when `SYNTHBENCH_TEST_METHODS=1`). Empty unless something registers.
    public static var registered: [MethodDescriptor] { registeredStore.withLock { $0 } }

    /// Adds `descriptor` to its backend, replacing an earlier registration of the same name and backend.
    /// A registered method never shadows a built-in one of the same name: lookups find the built-in first.
    public static func register(_ descriptor: MethodDescriptor) {
        registeredStore.withLock { list in
            list.removeAll { $0.name == descriptor.name && $0.backend == descriptor.backend }
            list.append(descriptor)
        }
    }
}
