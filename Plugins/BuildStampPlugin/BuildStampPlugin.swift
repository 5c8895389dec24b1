import Foundation
import PackagePlugin

/// Stamps the target with the commit the sources are at and whether tracked files had uncommitted changes
/// (`build-stamp.sh` beside this file writes `GeneratedBuildStamp.swift`). A prebuild command runs before every
/// build, so a new commit or a new edit is seen without any declared input; the script rewrites the file only
/// when its content changes, so an unchanged stamp recompiles nothing.
@main
struct BuildStampPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "stamp")
        return [.prebuildCommand(
            displayName: "Stamping \(target.name) with its git commit",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [package.appending(path: "Plugins/BuildStampPlugin/build-stamp.sh").path, package.path,
                        output.appending(path: "GeneratedBuildStamp.swift").path],
            outputFilesDirectory: output)]
    }
}
