import ArgumentParser
import Foundation
import SynthTable

/// `synthbench datasets list`: one line per manifest with shape, task, target and file state.
struct DatasetsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the datasets: shape, task, target, and whether the file is committed, cached or not fetched."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation
    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Entry: Codable {
        var name: String
        var rows: Int?
        var columns: Int?
        var task: String
        var target: String?
        var storage: String
        var status: String
        var description: String
    }

    func run() async throws {
        global.apply()
        let registry = try location.registry()
        let entries = registry.manifests.map { m in
            Entry(name: m.name, rows: m.shape?.rows, columns: m.shape?.columns, task: m.task.rawValue, target: m.target,
                  storage: m.file.storage.rawValue, status: registry.status(of: m).description, description: m.description)
        }
        if json {
            print(try prettyJSON(entries))
            return
        }
        let rows = entries.map { e in
            [e.name, e.rows.map { r in "\(r) x \(e.columns ?? 0)" } ?? "?", e.task, e.target ?? "-", e.status]
        }
        print(TextTable(header: ["NAME", "ROWS x COLS", "TASK", "TARGET", "FILE"], rows: rows).rendered)
        print("datasets directory: \(registry.directory.path)")
    }
}
