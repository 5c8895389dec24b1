/// Approximate equality for reference-value tests: |a − b| ≤ max(rel·max(|a|, |b|), abs).
func isClose(_ a: Double, _ b: Double, rel: Double, abs absTol: Double = 0) -> Bool {
    if a == b { return true }
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), absTol)
}
