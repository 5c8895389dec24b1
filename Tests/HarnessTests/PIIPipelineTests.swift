import Foundation
@testable import Harness
import SynthMath
import SynthTable
import Synthesizers
import Testing

/// A CSV file of people and places, through the whole pipeline: detection, gc, generated PII and keys.
@Suite("PII through the pipeline")
struct PIIPipelineTests {
    static func csv(rows n: Int) -> String {
        var r = RandomStream(seed: 12)
        let made = ["Qorvant", "Zelmira", "Trubex", "Vonneth", "Yarrick", "Plomida"]
        var lines = ["passenger_id,first_name,last_name,city,state,latitude,longitude,email,phone_number,fare,cabin"]
        for i in 0..<n {
            let email = i % 5 == 0 ? "" : "p\(i)@mail.test"
            lines.append("PX\(10_000 + i),\(made[r.nextInt(below: 6)]),\(made[r.nextInt(below: 6)])son,Townville,Utah,"
                         + "\(i).5,\(i).25,\(email),555-01\(i % 10)\(i % 7),\(20 + r.nextInt(below: 80)),\(["A", "B", "C"][r.nextInt(below: 3)])")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func generatedColumnsAreValid() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pii-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("people.csv")
        try Self.csv(rows: 300).write(to: file, atomically: true, encoding: .utf8)
        let config = RunConfig(data: .file(path: file.path, metadata: nil), method: "gc", seed: 3, fetchIfMissing: false)
        let outcome = try Pipeline(config: config).run(evaluate: false)
        let out = outcome.synthetic
        let real = outcome.data.table
        func texts(_ name: String) -> [String] { (0..<out.rowCount).compactMap { out[name]!.text(at: $0) } }
        func realTexts(_ name: String) -> Set<String> { Set((0..<real.rowCount).compactMap { real[name]!.text(at: $0) }) }

        #expect(outcome.data.metadata.primaryKey == "passenger_id")
        let keys = texts("passenger_id")
        let shaped = keys.filter { k in
            let u = Array(k.utf8)
            return u.count == 7 && u[..<2].allSatisfy { (65...90).contains($0) } && u[2...].allSatisfy { (48...57).contains($0) }
        }
        #expect(Set(keys).count == 300 && shaped.count == 300)
        #expect(outcome.fitNotes["regex_formats"] == .object(["passenger_id": .string("[A-Z]{2}[0-9]{5} (inferred)")]))
        for name in ["first_name", "last_name"] {
            #expect(texts(name).allSatisfy { $0.allSatisfy { $0.isLetter || $0 == "'" || $0 == "-" } })
            #expect(Set(texts(name)).isDisjoint(with: realTexts(name)))
        }
        #expect(Set(texts("city")).count > 50 && !texts("city").contains("Townville"))
        let states = texts("state")
        #expect(states.count == 300 && Set(states).count > 10)
        guard case .numerical(let lat) = out["latitude"]!.values, case .numerical(let lon) = out["longitude"]!.values else {
            Issue.record("coordinates are not numerical"); return
        }
        #expect(lat.allSatisfy { (-90...90).contains($0) } && lon.allSatisfy { (-180...180).contains($0) })
        #expect(Set(lat).count == 300 && Set(lon).count == 300)
        #expect(lat != (0..<300).map { Double($0) + 0.5 })  // never the input's values in order
        let emails = texts("email")
        #expect(emails.count == 240 && emails.allSatisfy { $0.contains("@example.") && !$0.contains(" ") })
        #expect(texts("phone_number").allSatisfy { $0.filter(\.isNumber).count >= 10 })
        #expect(Set(texts("cabin")).isSubset(of: ["A", "B", "C"]))
    }
}
