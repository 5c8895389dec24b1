import SynthTable
import Synthesizers

/// Chooses a method from the schema when the run config names none, as the production worker does.
///
/// Rules, first match wins (counts are over non-id, non-PII columns):
/// 1. high-dimensional: more than 50 columns, or an estimated one-hot width (numerical 11 each as CTGAN's
///    mode-specific encoding, categorical its category count) above 1,000 -> `gc` (fits in seconds, no
///    one-hot blow-up);
/// 2. categorical-heavy: at least 60 % categorical or boolean columns -> `ctgan` (training-by-sampling
///    was designed for imbalanced categories);
/// 3. numeric-heavy: at least 60 % numerical or datetime columns -> `tvae`;
/// 4. mixed -> `ctgan`.
/// A chosen method that no backend implements yet falls back to `gc`, and the reason says so.
package enum MethodChooser {
    package struct Choice: Sendable, Equatable {
        package var method: String
        package var rule: String
        package var reason: String
    }

    package static func choose(_ metadata: Metadata, table: Table) -> Choice {
        let modelled = metadata.columns.filter { $0.sdtype != .id && $0.sdtype != .unknown && !($0.sdtype.carriesPII && $0.pii) }
        let n = modelled.count
        let categorical = modelled.filter { $0.sdtype == .categorical || $0.sdtype == .boolean }
        let numeric = modelled.filter { $0.sdtype == .numerical || $0.sdtype == .datetime }
        var width = 11 * numeric.count
        for c in categorical { width += table[c.name].map { ColumnProfile($0).distinctCount } ?? 1 }
        var choice: Choice
        if n > 50 || width > 1000 {
            choice = Choice(method: "gc", rule: "high-dimensional",
                            reason: "\(n) columns, estimated encoded width \(width) (> 50 columns or > 1000 wide)")
        } else if n > 0, Double(categorical.count) >= 0.6 * Double(n) {
            choice = Choice(method: "ctgan", rule: "categorical-heavy",
                            reason: "\(categorical.count) of \(n) columns are categorical or boolean (>= 60 %)")
        } else if n > 0, Double(numeric.count) >= 0.6 * Double(n) {
            choice = Choice(method: "tvae", rule: "numeric-heavy",
                            reason: "\(numeric.count) of \(n) columns are numerical or datetime (>= 60 %)")
        } else {
            choice = Choice(method: "ctgan", rule: "mixed",
                            reason: "\(categorical.count) categorical and \(numeric.count) numerical of \(n) columns")
        }
        let implemented = MethodCatalog.all.contains { $0.name == choice.method }
        if !implemented {
            choice.reason += "; '\(choice.method)' is not implemented yet, using 'gc'"
            choice.method = "gc"
        }
        return choice
    }
}
