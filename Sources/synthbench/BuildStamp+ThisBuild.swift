import Harness

extension BuildStamp {
    /// This executable's stamp: the commit and uncommitted-changes flag the BuildStampPlugin wrote at build time
    /// (`GeneratedBuildStamp`, in this target only, so a new commit recompiles this module alone), and the
    /// configuration (SwiftPM defines DEBUG in debug builds).
    static let thisBuild = BuildStamp(commit: GeneratedBuildStamp.commit, dirty: GeneratedBuildStamp.dirty,
                                      configuration: configuration)

    private static var configuration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }
}
