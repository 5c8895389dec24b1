import ArgumentParser
import Foundation
import Harness
import Synthesizers

/// `synthbench methods`: the table of backends x methods with their default parameters.
struct MethodsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "methods",
        abstract: "List the methods each backend offers, with aliases and default parameters.")

    @Flag(help: "Print JSON instead of a table.") var json = false
    @OptionGroup var global: GlobalOptions

    struct Entry: Encodable {
        var method: String
        var backend: String
        var aliases: [String]
        var differentiallyPrivate: Bool
        var summary: String
        var parameters: [String: String]
    }

    func run() throws {
        global.apply()
        let entries = MethodCatalog.all.map { d in
            Entry(method: d.name, backend: d.backend.rawValue,
                  aliases: d.aliases,
                  differentiallyPrivate: d.differentiallyPrivate, summary: d.summary,
                  parameters: Dictionary(uniqueKeysWithValues: d.parameters.map { ($0.name, $0.defaultValue.description) }))
        }
        if json { print(try prettyJSON(entries)); return }
        var rows: [[String]] = []
        for name in MethodCatalog.names {
            var cells = [name]
            for backend in Backend.allCases {
                if let d = MethodCatalog.descriptor(name, backend: backend) { cells.append(d.name == name ? "yes" : "as \(d.name)") }
                else { cells.append("-> \(backend == .sdv ? "synthcity" : "sdv")") }
            }
            cells.append(MethodCatalog.aliases(of: name).joined(separator: ", "))
            rows.append(cells)
        }
        print(TextTable(header: ["METHOD", "SDV", "SYNTHCITY", "ALIASES"], rows: rows).rendered)
        for d in MethodCatalog.all {
            print("\n\(d.name) [\(d.backend.rawValue)]\(d.differentiallyPrivate ? " (DP)" : ""): \(d.summary)")
            for p in d.parameters { print("  \(p.name) = \(p.defaultValue)    \(p.help)") }
        }
    }
}
