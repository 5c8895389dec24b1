import ArgumentParser
import Synthesizers

/// `--dp epsilon=E,...` and `--federated clients=K,...`: their parsers report a bad key or value as a
/// parameter of a method named "dp" or "federated"; on the command line the error names the option and
/// the text given instead, as a usage error raised before anything is read.
enum KeyValueOption {
    static func validate<T>(_ option: String, _ text: String?, _ parse: (String) throws(SynthesisError) -> T) throws {
        guard let text else { return }
        do throws(SynthesisError) { _ = try parse(text) } catch {
            guard case .invalidParameter(_, let name, let value, let requirement) = error else { throw error }
            let what = value.isEmpty ? requirement
                : requirement.hasPrefix("is required") ? "\(name) \(requirement)" : "\(name)=\(value): \(requirement)"
            throw ValidationError("\(option) \(text): \(what)")
        }
    }
}
