#!/bin/sh
# Alternates the copula's quantile table of two revisions on fnlwgt's column (scripts/bench/quantile_table_tail.swift):
# each revision's Sources/SynthMath/Special/*.swift and NormalScoreQuantileTable.swift are compiled alone with -O
# together with the bench and a shim (the beta's density and exact quantiles as BetaDistribution computes them,
# and the revision's `values` call, given FloatFormatter's whole-number rounding where the revision takes it);
# the two programs run in turn PAIRS times, each printing CPU seconds and the digest of the rounded values,
# which must agree; last, how many of NEW_REV's draws above the verified run came from the table, and whether
# any rounds unlike the exact value.
#   usage: scripts/bench/quantile_table_tail.sh OLD_REV NEW_REV [ROWS] [PAIRS]
#   e.g.   scripts/bench/quantile_table_tail.sh integ HEAD 1000000 4
. "$(dirname "$0")/revisions.sh"
old=$1 new=$2 rows=${3:-1000000} pairs=${4:-4}
for side in old new; do
    eval rev=\$$side
    unpack "$rev" "$work/$side" Sources/SynthMath/Special Sources/SynthMath/Distributions/NormalScoreQuantileTable.swift
    cp "$work/$side/tree"/Sources/SynthMath/Special/*.swift \
       "$work/$side/tree"/Sources/SynthMath/Distributions/NormalScoreQuantileTable.swift "$work/$side/src/"
    cat > "$work/$side/src/Shim.swift" <<'SWIFT'
import Foundation
/// What the table asks of a distribution, for a beta (BetaDistribution's formulas).
public protocol UnivariateDistribution: Sendable {
    func pdf(_ x: Double) -> Double
    func ppf(_ p: Double) -> Double
    func ppf(_ ps: [Double]) -> [Double]
    func exactPPF(_ ps: [Double]) -> [Double]
}
public struct Beta: UnivariateDistribution {
    let a: Double, b: Double, loc: Double, scale: Double, logBetaAB: Double
    let inverse: Special.InverseRegularizedBeta
    init(a: Double, b: Double, loc: Double, scale: Double) {
        self.a = a; self.b = b; self.loc = loc; self.scale = scale
        logBetaAB = Special.logBeta(a, b)
        inverse = Special.InverseRegularizedBeta(a: a, b: b)!
    }
    public func pdf(_ x: Double) -> Double {
        let z = (x - loc) / scale
        guard z >= 0, z <= 1 else { return 0 }
        return exp((b - 1) * log1p(-z) + (a - 1) * log(z) - logBetaAB - log(scale))
    }
    public func ppf(_ p: Double) -> Double { loc + scale * inverse.value(p) }
    public func ppf(_ ps: [Double]) -> [Double] { exactPPF(ps) }
    public func exactPPF(_ ps: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: ps.count)
        ps.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { inverse.values(p, into: $0) } }
        return out.map { loc + scale * $0 }
    }
}
SWIFT
    if grep -q 'settles:' "$work/$side/src/NormalScoreQuantileTable.swift"; then
        echo 'func tableValues(_ t: NormalScoreQuantileTable, _ zs: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: zs.count)
    zs.withUnsafeBufferPointer { z in
        out.withUnsafeMutableBufferPointer {
            t.values(z.baseAddress!, stride: 1, count: zs.count, into: $0,
                     settles: { $0.rounded(.toNearestOrEven) == $1.rounded(.toNearestOrEven) })
        }
    }
    return out
}' >> "$work/$side/src/Shim.swift"
    else
        echo 'func tableValues(_ t: NormalScoreQuantileTable, _ zs: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: zs.count)
    zs.withUnsafeBufferPointer { z in
        out.withUnsafeMutableBufferPointer { t.values(z.baseAddress!, stride: 1, count: zs.count, into: $0) }
    }
    return out
}' >> "$work/$side/src/Shim.swift"
    fi
    cp "$root/scripts/bench/quantile_table_tail.swift" "$work/$side/src/main.swift"   # top-level code
    swiftc -O -module-name SynthMath "$work/$side/src"/*.swift -o "$work/$side/bench"
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" "$rows" 1 | sed -n 2p
    printf 'new %s: ' "$new"; "$work/new/bench" "$rows" 1 | sed -n 2p
done
printf 'new %s: ' "$new"; "$work/new/bench" "$rows" 1 | tail -1
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
