import ArgumentParser
import Foundation

/// How an error thrown by a command's `run()` ends the process. ArgumentParser's own mapping knows only the
/// root command there, so a usage error raised at run time (`export --encrypt` without a key) printed the
/// root's usage line; here it prints the usage of the command that failed, as a parse-time error does.
enum CommandFailure {
    static func exit(_ error: Error, in command: ParsableCommand.Type) -> Never {
        guard let validation = error as? ValidationError else { SynthBench.exit(withError: error) }
        let path = ([SynthBench.self] + subcommandPath(to: command, under: SynthBench.self)).map { $0._commandName }
        let usage = SynthBench.usageString(for: command).split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\n       ")   // ArgumentParser's hanging indent under "Usage: "
        FileHandle.standardError.write(Data(
            "Error: \(validation.message)\nUsage: \(usage)\n  See '\(path.joined(separator: " ")) --help' for more information.\n".utf8))
        SynthBench.exit(withError: ExitCode.validationFailure)
    }

    /// The subcommands from `root` down to `command` (empty when `command` is the root or not under it).
    static func subcommandPath(to command: ParsableCommand.Type, under root: ParsableCommand.Type) -> [ParsableCommand.Type] {
        for sub in root.configuration.subcommands {
            if ObjectIdentifier(sub) == ObjectIdentifier(command) { return [sub] }
            let below = subcommandPath(to: command, under: sub)
            if !below.isEmpty { return [sub] + below }
        }
        return []
    }
}
