import Foundation
import PackagePlugin

/// Stamps the target with the commit the sources are at and whether tracked files had uncommitted changes
/// (`build-stamp.sh` beside this file writes `GeneratedBuildStamp.swift`; docs/runner.md, "Which build made a run").
///
/// A build command with declared inputs, not a prebuild command: SwiftPM runs prebuild commands only when it plans
/// the build again, and with its cached build plan a new commit plans nothing (a release build at a new commit kept
/// naming the old one). The inputs are what the stamp reads: the reflog of HEAD (every commit, checkout, reset and
/// amend writes it), HEAD and the index, and every source file of the package, so llbuild runs the script again when
/// any of them changes. The script rewrites the file only when its content changes, so an unchanged stamp
/// recompiles nothing.
@main
struct BuildStampPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let script = package.appending(path: "Plugins/BuildStampPlugin/build-stamp.sh")
        let output = context.pluginWorkDirectoryURL.appending(path: "stamp").appending(path: "GeneratedBuildStamp.swift")
        // Only files that exist: a source tarball has no .git, and the stamp then says unknown.
        let git = [".git/logs/HEAD", ".git/HEAD", ".git/index"].map { package.appending(path: $0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        let sources = context.package.targets.compactMap { $0 as? SourceModuleTarget }.flatMap { $0.sourceFiles.map(\.url) }
        return [.buildCommand(
            displayName: "Stamping \(target.name) with its git commit",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [script.path, package.path, output.path],
            inputFiles: [script, package.appending(path: "Package.swift")] + git + sources,
            outputFiles: [output])]
    }
}
