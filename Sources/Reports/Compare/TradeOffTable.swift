import Foundation
import Harness

/// Quality, time and privacy per method x backend, across datasets, with the three-way Pareto front: a row
/// is on the front iff no other row is at least as good on all three (quality higher, time and
/// `privacy.mia_auc` lower) and strictly better on one. Quality and time are the leaderboard's (means of
/// the per-dataset means); privacy is the mean `privacy.mia_auc` of the finished cells. Rows without a
/// privacy figure are listed but take no part in the front.
package enum TradeOffTable {
    package struct Row: Codable, Sendable, Equatable {
        package var method: String
        package var backend: String
        package var quality: Double
        package var timeS: Double
        package var miaAUC: Double?
        package var onFront: Bool

        enum CodingKeys: String, CodingKey { case method, backend, quality, timeS = "time_s", miaAUC = "mia_auc", onFront = "on_front" }
    }

    package static func rows(_ cells: [CellResult], leaderboard: Leaderboard, quality measure: QualityMeasure) -> [Row] {
        let privacy = HeadlineMetric.named("mia_auc")!.path
        var quality: [String: [Double]] = [:], time: [String: [Double]] = [:]
        var names: [String: (String, String)] = [:]
        for b in leaderboard.datasets {
            for e in b.entries {
                let key = "\(e.method)\u{0}\(e.backend)"
                quality[key, default: []].append(e.quality)
                time[key, default: []].append(e.timeS)
                names[key] = (e.method, e.backend)
            }
        }
        var rows = names.keys.sorted().map { key -> Row in
            let (method, backend) = names[key]!
            let mia = cells.filter { c in
                c.status == .ok && c.backendRequested == backend
                    && (c.params.isEmpty ? c.method : "\(c.method) [\(CellGroupKey.text(c.params))]") == method
            }.compactMap { privacy.value(in: $0, quality: measure) }
            return Row(method: method, backend: backend, quality: mean(quality[key]!), timeS: mean(time[key]!),
                       miaAUC: mia.isEmpty ? nil : mean(mia), onFront: false)
        }
        for i in rows.indices where rows[i].miaAUC != nil {
            let r = rows[i]
            rows[i].onFront = !rows.contains { o in
                guard let om = o.miaAUC, let rm = r.miaAUC else { return false }
                let asGood = o.quality >= r.quality && o.timeS <= r.timeS && om <= rm
                let better = o.quality > r.quality || o.timeS < r.timeS || om < rm
                return asGood && better
            }
        }
        return rows.sorted { ($0.onFront ? 0 : 1, -$0.quality, $0.method, $0.backend) < ($1.onFront ? 0 : 1, -$1.quality, $1.method, $1.backend) }
    }

    static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
}
