import Foundation
import Harness
import Hummingbird
import HummingbirdTesting
import Service
import Testing

/// Listing and downloading artifacts: only recorded files, only inside the results directory.
@Suite struct ArtifactTests {
    /// A finished run 1 that recorded `artifacts` (paths as the worker would store them).
    func finishedRun(_ h: ServiceHarness, _ artifacts: [RunArtifact]) async throws {
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        _ = try await h.queue.submit([RunSubmission(spec: ServiceHarness.spec, cellID: "penguins__gc__sdv__s0", group: "g")], now: t0)
        _ = try await h.queue.claim(worker: "w", lease: 60, now: t0)
        try await h.queue.finish(run: 1, worker: "w", outcome: RunCompletion(status: .succeeded, artifacts: artifacts), now: t0)
    }

    func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func listsAndStreamsRecordedFiles() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let csv = String(repeating: "a,b\n1,2\n", count: 40_000)  // 320 kB: more than one 128 kB chunk
        try write(csv, to: h.results.appendingPathComponent("g/cells/synthetic.csv"))
        try write("{\"ok\":true}", to: h.results.appendingPathComponent("g/cells/result.json"))
        try write("<svg/>", to: h.results.appendingPathComponent("g/plots/a/quality.svg"))
        try write("<svg/>", to: h.results.appendingPathComponent("g/plots/b/quality.svg"))
        try await finishedRun(h, [
            RunArtifact(kind: "synthetic_csv", path: "g/cells/synthetic.csv", sha256: "abc", bytes: Int64(csv.utf8.count)),
            RunArtifact(kind: "result_json", path: h.results.appendingPathComponent("g/cells/result.json").path, sha256: "def", bytes: 11),
            RunArtifact(kind: "plot", path: "g/plots/a/quality.svg", sha256: "1", bytes: 6),
            RunArtifact(kind: "plot", path: "g/plots/b/quality.svg", sha256: "2", bytes: 6),
        ])
        let headers = try await h.bearer([.read])
        let list = try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts", method: .get, headers: headers) }
        #expect(list.status == .ok)
        let entries = try ServiceHarness.json(list)["artifacts"]?.arrayValue ?? []
        // Stores list artifacts by path (the absolute result.json path sorts first).
        #expect(entries.map { $0["name"] } == ["result.json", "synthetic.csv", "quality.svg", "quality.svg~2"])
        #expect(entries.dropFirst().first?["href"] == "/v1/runs/1/artifacts/synthetic.csv")
        #expect(entries.dropFirst().first?["bytes"] == .number(Double(csv.utf8.count)))

        let download = try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts/synthetic.csv", method: .get, headers: headers) }
        #expect(download.status == .ok)
        #expect(String(buffer: download.body) == csv)
        #expect(download.headers[.contentType] == "text/csv; charset=utf-8")
        #expect(download.headers[.init("X-Artifact-SHA256")!] == "abc")
        #expect(download.headers[.contentDisposition] == "attachment; filename=\"synthetic.csv\"")
        let json = try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts/result.json", method: .get, headers: headers) }
        #expect(String(buffer: json.body) == "{\"ok\":true}")
        let second = try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts/quality.svg~2", method: .get, headers: headers) }
        #expect(second.status == .ok && second.headers[.init("X-Artifact-SHA256")!] == "2")
    }

    @Test func traversalAndUnrecordedFilesAre404() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let outside = h.results.deletingLastPathComponent().appendingPathComponent("outside-\(UUID().uuidString).txt")
        try write("secret", to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try write("not recorded", to: h.results.appendingPathComponent("g/unrecorded.txt"))
        try write("fine", to: h.results.appendingPathComponent("g/fine.txt"))
        try FileManager.default.createSymbolicLink(at: h.results.appendingPathComponent("g/link.txt"), withDestinationURL: outside)
        try FileManager.default.createDirectory(at: h.results.appendingPathComponent("g/adir"), withIntermediateDirectories: true)
        try await finishedRun(h, [
            RunArtifact(kind: "plot", path: "g/fine.txt", sha256: "", bytes: 4),
            RunArtifact(kind: "plot", path: "../\(outside.lastPathComponent)", sha256: "", bytes: 6),
            RunArtifact(kind: "plot", path: "g/../../\(outside.lastPathComponent)x", sha256: "", bytes: 6),
            RunArtifact(kind: "plot", path: outside.path, sha256: "", bytes: 6),
            RunArtifact(kind: "plot", path: "g/link.txt", sha256: "", bytes: 6),
            RunArtifact(kind: "plot", path: "g/adir", sha256: "", bytes: 0),
            RunArtifact(kind: "plot", path: "g/missing.txt", sha256: "", bytes: 0),
        ])
        let headers = try await h.bearer([.read])
        func get(_ name: String) async throws -> HTTPResponse.Status {
            try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts/\(name)", method: .get, headers: headers).status }
        }
        #expect(try await get("fine.txt") == .ok)  // control
        #expect(try await get("fine%2Etxt") == .ok)  // control: an encoded '.' decodes to the recorded name
        for name in [outside.lastPathComponent, outside.lastPathComponent + "x", outside.lastPathComponent + "~2",
                     "link.txt", "adir", "missing.txt", "unrecorded.txt", "fine.txt%20"] {
            #expect(try await get(name) == .notFound, "\(name)")
        }
        // Decoded, these are no file name ('..', a '/', a NUL) or no percent-encoding at all: refused as a bad request
        // that says why, before any lookup.
        for name in ["..", "%2e%2e", ".", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "fine.txt%00", "..%2Fg%2Ffine.txt",
                     "g%2ffine.txt", "%zz", "fine.txt%"] {
            let r = try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts/\(name)", method: .get, headers: headers) }
            #expect(r.status == .badRequest, "\(name)")
            let detail = try ServiceHarness.json(r)["detail"]?.stringValue ?? ""
            #expect(detail.contains("artifact name"), "\(name): \(detail)")
        }
        let nested = try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts/../../etc/passwd", method: .get, headers: headers) }
        #expect(nested.status == .notFound)
        #expect(!String(buffer: nested.body).contains("root:"))
    }

    /// A name that needs percent-encoding in a URL (a space, `%`, `#`, `+`, `?`, non-ASCII) round-trips: the listed
    /// `href`, requested as listed, downloads the file, and the listing's `name` is the file's own name. Control: the
    /// `%` name sent unencoded is malformed percent-encoding, refused, so the service really decodes.
    @Test func listedHrefsOfNamesThatNeedEncodingDownload() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let names = ["with space.csv", "100%.csv", "a#b.csv", "x+y?z.csv", "r\u{E9}sum\u{E9} \u{65E5}\u{672C}.json", "plain.csv"]
        for name in names { try write("content of \(name)", to: h.results.appendingPathComponent("g/cells/\(name)")) }
        try await finishedRun(h, names.map { RunArtifact(kind: "plot", path: "g/cells/\($0)", sha256: $0, bytes: 1) })
        let headers = try await h.bearer([.read])
        let list = try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts", method: .get, headers: headers) }
        let entries = try ServiceHarness.json(list)["artifacts"]?.arrayValue ?? []
        #expect(Set(entries.compactMap { $0["name"]?.stringValue }) == Set(names))
        for entry in entries {
            let name = entry["name"]?.stringValue ?? "", href = entry["href"]?.stringValue ?? ""
            #expect(href.allSatisfy { $0.isASCII && !" #?+".contains($0) }, "\(href)")
            let r = try await h.test { try await $0.execute(uri: href, method: .get, headers: headers) }
            #expect(r.status == .ok && String(buffer: r.body) == "content of \(name)", "\(href): \(r.status)")
            #expect(r.headers[.init("X-Artifact-SHA256")!] == name, "\(href)")
        }
        #expect(entries.first { $0["name"] == "plain.csv" }?["href"] == "/v1/runs/1/artifacts/plain.csv")
        #expect(entries.first { $0["name"] == "100%.csv" }?["href"] == "/v1/runs/1/artifacts/100%25.csv")
        let accented = try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts/r%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.json",
                                                                method: .get, headers: headers) }
        #expect(accented.headers[.contentDisposition]
                == "attachment; filename=\"r_sum_ __.json\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.json")
        let raw = try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts/100%.csv", method: .get, headers: headers) }
        #expect(raw.status == .badRequest)
    }

    /// What a queue worker records for a grid cell with `keep_synthetic` and plots (docs/queue.md): the kept table
    /// and the run's figures, at their paths under the group, download with their content types.
    @Test func servesAWorkersKeptTableAndPlotsWithTheirTypes() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let cell = "penguins__gc__sdv__s0"
        let parquet = "PAR1" + String(repeating: "x", count: 100) + "PAR1"
        try write(parquet, to: h.results.appendingPathComponent("e/g/cells/\(cell).synthetic.parquet"))
        try write("png", to: h.results.appendingPathComponent("e/g/plots/runs/\(cell)/fit_time.png"))
        try write("set term", to: h.results.appendingPathComponent("e/g/plots/runs/\(cell)/fit_time.gp"))
        try await finishedRun(h, [
            RunArtifact(kind: "synthetic_parquet", path: "e/g/cells/\(cell).synthetic.parquet", sha256: "p", bytes: 108),
            RunArtifact(kind: "plot_png", path: "e/g/plots/runs/\(cell)/fit_time.png", sha256: "i", bytes: 3),
            RunArtifact(kind: "plot_gp", path: "e/g/plots/runs/\(cell)/fit_time.gp", sha256: "s", bytes: 8),
        ])
        let headers = try await h.bearer([.read])
        for (name, type, body) in [("\(cell).synthetic.parquet", "application/vnd.apache.parquet", parquet),
                                   ("fit_time.png", "image/png", "png"), ("fit_time.gp", "text/plain; charset=utf-8", "set term")] {
            let r = try await h.test { try await $0.execute(uri: "/v1/runs/1/artifacts/\(name)", method: .get, headers: headers) }
            #expect(r.status == .ok && String(buffer: r.body) == body, "\(name)")
            #expect(r.headers[.contentType] == type, "\(name)")
        }
    }
}
