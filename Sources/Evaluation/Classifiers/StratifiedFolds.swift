import SynthMath

/// Seeded stratified k-fold assignment (scikit-learn's `StratifiedKFold(shuffle=True)` in spirit): the
/// rows of each class are shuffled and dealt to the folds in turn, so every fold holds ⌊n_c/k⌋ or
/// ⌈n_c/k⌉ rows of class c. scikit-learn's exact fold membership depends on numpy's generator and is
/// not reproduced; scores averaged over folds agree within their fold-to-fold spread.
public enum StratifiedFolds {
    /// The fold (0..<k) of every row.
    public static func assign(labels: [Int], folds k: Int, rng: inout RandomStream) -> [Int] {
        precondition(k >= 2, "at least two folds")
        var fold = [Int](repeating: 0, count: labels.count)
        var next = 0
        for c in Set(labels).sorted() {
            let rows = labels.indices.filter { labels[$0] == c }
            for (position, p) in rng.permutation(rows.count).enumerated() { fold[rows[p]] = (next + position) % k }
            next = (next + rows.count) % k  // the next class continues where this one stopped
        }
        return fold
    }
}
