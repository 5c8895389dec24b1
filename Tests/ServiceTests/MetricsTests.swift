import Foundation
import Harness
import Hummingbird
import HummingbirdTesting
import Service
import SynthCore
import Testing

/// `/metrics`: the Prometheus text exposition format, with values worked out by hand from the store.
@Suite struct MetricsTests {
    /// `name{labels} value` lines, keyed by `name{labels}`.
    static func samples(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let v = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = v
        }
        return out
    }

    @Test func exposesRunsDurationsAndMethodGauges() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let cells = ["penguins__gc__sdv__s0", "penguins__gc__sdv__s1", "penguins__uniform__synthcity__s0", "penguins__gc__synthcity__s0", "penguins__uniform__sdv__s0"]
        _ = try await h.queue.submit(cells.map { RunSubmission(spec: ServiceHarness.spec, cellID: $0, group: "g") }, now: t0)
        // runs 1, 2: gc/sdv succeed after 10 s and 100 s with quality 0.8 and 0.6
        for (id, seconds, quality) in [(Int64(1), 10.0, 0.8), (2, 100.0, 0.6)] {
            let run = try #require(try await h.queue.claim(worker: "w", lease: 600, now: t0))
            #expect(run.id == id)
            try await h.queue.finish(run: id, worker: "w", outcome: RunCompletion(status: .succeeded, metrics: [
                RunMetric(name: "sdmetrics.quality_score", value: quality), RunMetric(name: "payload.mia_auc", value: 0.5 + quality / 10),
                RunMetric(name: "payload.dup_rate", value: 0),
            ]), now: t0.addingTimeInterval(seconds))
        }
        // run 3: uniform/synthcity fails after 2 s; run 4 is running; run 5 stays queued
        _ = try await h.queue.claim(worker: "w", lease: 600, now: t0)
        try await h.queue.finish(run: 3, worker: "w", outcome: RunCompletion(status: .failed, error: "boom"), now: t0.addingTimeInterval(2))
        _ = try await h.queue.claim(worker: "w", lease: 600, now: t0)

        let headers = try await h.bearer([.read])
        let first = try await h.test { try await $0.execute(uri: "/metrics", method: .get, headers: headers) }
        #expect(first.status == .ok)
        #expect(first.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
        let text = String(buffer: first.body)
        try Self.checkFormat(text)
        let s = Self.samples(text)
        #expect(s[#"synthbench_runs{status="queued"}"#] == 1)
        #expect(s[#"synthbench_runs{status="running"}"#] == 1)
        #expect(s[#"synthbench_runs{status="succeeded"}"#] == 2)
        #expect(s[#"synthbench_runs{status="failed"}"#] == 1)
        #expect(s[#"synthbench_runs{status="cancelled"}"#] == 0)
        #expect(s["synthbench_queue_depth"] == 1)
        // durations 10 and 100 s: buckets le=5: 0, le=15: 1, le=60: 1, le=300: 2; sum 110
        #expect(s[#"synthbench_run_duration_seconds_bucket{status="succeeded",le="5.0"}"#] == 0)
        #expect(s[#"synthbench_run_duration_seconds_bucket{status="succeeded",le="15.0"}"#] == 1)
        #expect(s[#"synthbench_run_duration_seconds_bucket{status="succeeded",le="60.0"}"#] == 1)
        #expect(s[#"synthbench_run_duration_seconds_bucket{status="succeeded",le="300.0"}"#] == 2)
        #expect(s[#"synthbench_run_duration_seconds_bucket{status="succeeded",le="+Inf"}"#] == 2)
        #expect(s[#"synthbench_run_duration_seconds_sum{status="succeeded"}"#] == 110)
        #expect(s[#"synthbench_run_duration_seconds_count{status="failed"}"#] == 1)
        // gauges: mean over gc/sdv's two runs; none for methods without a succeeded run
        #expect(isCloseTo(s[#"synthbench_quality_score{method="gc",backend="sdv"}"#], 0.7))
        #expect(isCloseTo(s[#"synthbench_privacy_mia_auc{method="gc",backend="sdv"}"#], 0.57))
        #expect(s[#"synthbench_privacy_dup_rate{method="gc",backend="sdv"}"#] == 0)
        #expect(!text.contains(#"method="uniform""#))

        // A second scrape observes nothing twice; a newly finished run is added once.
        try await h.queue.finish(run: 4, worker: "w", outcome: RunCompletion(status: .succeeded, metrics: [
            RunMetric(name: "sdmetrics.quality_score", value: 0.9)]), now: t0.addingTimeInterval(1))
        let second = Self.samples(String(buffer: try await h.test { try await $0.execute(uri: "/metrics", method: .get, headers: headers) }.body))
        #expect(second[#"synthbench_run_duration_seconds_count{status="succeeded"}"#] == 3)
        #expect(second[#"synthbench_run_duration_seconds_bucket{status="succeeded",le="1.0"}"#] == 1)
        #expect(second[#"synthbench_quality_score{method="gc",backend="synthcity"}"#] == 0.9)
        #expect(isCloseTo(second[#"synthbench_quality_score{method="gc",backend="sdv"}"#], 0.7))
    }

    func isCloseTo(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-12 } ?? false }

    /// Text format 0.0.4: every sample line is `name{label="value",...} number`, every family has a TYPE line
    /// before its samples, and histogram buckets are cumulative.
    static func checkFormat(_ text: String) throws {
        let sample = try Regex(#"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? -?[0-9.e+Inf-]+$"#)
        var typed: [String: String] = [:]
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 4 && ["counter", "gauge", "histogram", "summary", "untyped"].contains(String(parts[3])), "\(line)")
                typed[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("# HELP ") { continue }
            #expect(line.wholeMatch(of: sample) != nil, "not a sample line: \(line)")
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            let family = ["_bucket", "_sum", "_count"].reduce(name) { n, suffix in
                n.hasSuffix(suffix) && typed[String(n.dropLast(suffix.count))] == "histogram" ? String(n.dropLast(suffix.count)) : n
            }
            #expect(typed[family] != nil, "no TYPE line before \(line)")
        }
    }

    @Test func formatCheckRejectsBrokenText() {
        // Negative control for checkFormat's sample rule.
        let sample = try? Regex(#"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? -?[0-9.e+Inf-]+$"#)
        for bad in ["synthbench runs 1", "synthbench_runs{status=queued} 1", "synthbench_runs{status=\"queued\"}", "9lives 1"] {
            #expect("\(bad)".wholeMatch(of: sample!) == nil, "\(bad)")
        }
        #expect("synthbench_runs{status=\"queued\"} 1.0".wholeMatch(of: sample!) != nil)
    }
}
