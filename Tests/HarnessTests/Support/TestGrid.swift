import Foundation
import SynthCore
@testable import Harness
import SynthTestSupport

/// In-process ``GridRunner``s over penguins whose cells are the built `synthbench` (or a stand-in script),
/// with the test-only methods enabled and the progress messages collected.
enum TestGrid {
    static func runner(_ spec: ExperimentSpec, _ run: RunDirectory, executable: String? = nil, jobs: Int = 1,
                       timeout: Double? = 120, grace: Double = 0.5, interrupt: InterruptWatch = InterruptWatch(),
                       writer: any FileWriter = SystemFileWriter(), messages: MessageLog = MessageLog()) throws -> GridRunner {
        GridRunner(spec: spec, directory: run,
                   options: .init(jobs: jobs, timeoutS: timeout, killGraceS: grace, executable: try executable ?? SynthBenchBinary.path(),
                                  datasetsDirectory: RepositoryPaths.datasets.path,
                                  environment: ["SYNTHBENCH_TEST_METHODS": "1"]),
                   interrupt: interrupt,
                   progress: ProgressReporter(total: spec.cells.count, jobs: jobs, interactive: false, write: { messages.append($0) }),
                   writer: writer)
    }
}
