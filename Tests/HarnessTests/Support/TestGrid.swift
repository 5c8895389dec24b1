import Foundation
import SynthCore
@testable import Harness
import SynthTestSupport

/// In-process ``GridRunner``s over penguins whose cells are the built `synthbench` (or a stand-in script),
/// with the test-only methods enabled and the progress messages collected.
enum TestGrid {
    /// The stamp the runners record: made up (the tests do not read the binary's), and recognisable.
    static let build = BuildStamp(commit: "0123456789abcdef0123456789abcdef01234567", dirty: true, configuration: "debug")

    static func runner(_ spec: ExperimentSpec, _ run: RunDirectory, executable: String? = nil, build: BuildStamp = TestGrid.build,
                       jobs: Int = 1, timeout: Double? = 120, grace: Double = 0.5, interrupt: InterruptWatch = InterruptWatch(),
                       writer: any FileWriter = SystemFileWriter(), messages: MessageLog = MessageLog()) throws -> GridRunner {
        GridRunner(spec: spec, directory: run,
                   options: .init(jobs: jobs, timeoutS: timeout, killGraceS: grace, executable: try executable ?? SynthBenchBinary.path(),
                                  build: build, datasetsDirectory: RepositoryPaths.datasets.path,
                                  environment: ["SYNTHBENCH_TEST_METHODS": "1"]),
                   interrupt: interrupt,
                   progress: ProgressReporter(total: spec.cells.count, jobs: jobs, interactive: false, write: { messages.append($0) }),
                   writer: writer)
    }
}
