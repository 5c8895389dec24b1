import ArgumentParser
import Harness
import Synthesizers

/// `--method M --param KEY=VALUE`: the method and its parameters, resolved as the run will resolve them and
/// before anything is read or written. A method name or a parameter the method rejects (an unknown name, a
/// bad value, a value out of range) is a usage error of the command (exit 64) with the method's own message,
/// as a bad value of any other option is; it used to surface at run time, exit 1.
enum MethodOption {
    /// The parameters of `method` on `backend` parsed from `assignments` (the reference backends also check
    /// what they can pass to the library, e.g. precision=bf16).
    static func parameters(_ assignments: [String], method: String, backend: GridBackend,
                           dpRequested: Bool) throws -> [String: ParameterValue] {
        try usageErrors {
            let descriptor = try backend.isReference
                ? ReferenceCatalog.resolve(method: method, backend: backend, dpRequested: dpRequested).descriptor
                : MethodFactory.resolve(method: method, backend: backend.flavour, dpRequested: dpRequested).descriptor
            let parameters = try descriptor.parseAssignments(assignments)
            if backend.isReference { _ = try ReferenceEnvironment.libraryParameters(parameters) }
            return parameters
        }
    }

    /// `body`'s method and parameter errors as usage errors with the same message; other errors unchanged.
    static func usageErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SynthesisError {
            throw ValidationError(error.description)
        } catch let error as ReferenceEnvironment.Unavailable {
            throw ValidationError(error.description)
        }
    }
}
