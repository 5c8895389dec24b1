/// numpy's `pairwise_sum` for float64 (what `np.sum` and `np.mean` do on a contiguous array): below 8
/// values a plain loop; up to 128 eight running sums combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus
/// the remainder; above that the two halves (the split a multiple of 8) summed recursively. Its rounding
/// error grows like O(log n) rather than O(n), and matching it keeps fitted moments equal to scipy's to
/// the last bit more often.
enum PairwiseSum {
    static func sum(_ a: UnsafeBufferPointer<Double>) -> Double {
        let n = a.count
        if n < 8 {
            var res = 0.0
            for v in a { res += v }
            return res
        }
        if n <= 128 {
            var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
            var i = 8
            let end = n - n % 8
            while i < end {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3]
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7]
                i += 8
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n { res += a[i]; i += 1 }
            return res
        }
        var n2 = n / 2
        n2 -= n2 % 8
        return sum(UnsafeBufferPointer(rebasing: a[0..<n2])) + sum(UnsafeBufferPointer(rebasing: a[n2..<n]))
    }

    static func sum(_ a: [Double]) -> Double { a.withUnsafeBufferPointer { sum($0) } }
}
