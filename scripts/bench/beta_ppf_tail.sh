#!/bin/sh
# Alternates the exact beta quantile of two revisions on fnlwgt's untabulated tail
# (scripts/bench/beta_ppf_tail.swift): each revision's Sources/SynthMath/Special/*.swift are compiled alone with
# -O together with the bench and a shim naming that revision's inverse of many p (the one-call
# Special.inverseRegularizedBeta, Special.InverseRegularizedBeta.value per p, or its four-lane `values`, whichever
# the revision has), then the two programs run in
# turn PAIRS times on the quantiles, then PAIRS times on the incomplete betas of the normal scores (`cdf`); each
# prints CPU seconds and the digest of its values, which must agree. Last, both print the digests of
# BetaPPFBitIdentityTests' grid.
#   usage: scripts/bench/beta_ppf_tail.sh OLD_REV NEW_REV [DRAWS] [PAIRS]
#   e.g.   scripts/bench/beta_ppf_tail.sh 1394c8c HEAD 200000 5
. "$(dirname "$0")/revisions.sh"
old=$1 new=$2 draws=${3:-200000} pairs=${4:-5}
for side in old new; do
    eval rev=\$$side
    unpack "$rev" "$work/$side" Sources/SynthMath/Special
    cp "$work/$side/tree"/Sources/SynthMath/Special/*.swift "$work/$side/src/"
    if grep -q 'func values(_ ps: UnsafeBufferPointer<Double>' "$work/$side/src"/*.swift; then
        echo 'func invertAll(_ a: Double, _ b: Double, _ ps: [Double]) -> [Double] {
    let inverse = Special.InverseRegularizedBeta(a: a, b: b)!
    var out = [Double](repeating: 0, count: ps.count)
    ps.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { inverse.values(p, into: $0) } }
    return out
}
func cdfAll(_ a: Double, _ b: Double, _ zs: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: zs.count)
    zs.withUnsafeBufferPointer { z in
        out.withUnsafeMutableBufferPointer { Special.regularizedBeta(a, b, z, logBetaAB: Special.logBeta(a, b), into: $0) }
    }
    return out
}' > "$work/$side/src/Shim.swift"
    elif grep -q 'struct InverseRegularizedBeta' "$work/$side/src"/*.swift; then
        echo 'func invertAll(_ a: Double, _ b: Double, _ ps: [Double]) -> [Double] {
    let inverse = Special.InverseRegularizedBeta(a: a, b: b)!
    return ps.map { inverse.value($0) }
}' > "$work/$side/src/Shim.swift"
    else
        echo 'func invertAll(_ a: Double, _ b: Double, _ ps: [Double]) -> [Double] {
    ps.map { Special.inverseRegularizedBeta(a, b, $0) }
}' > "$work/$side/src/Shim.swift"
    fi
    if ! grep -q 'func cdfAll' "$work/$side/src/Shim.swift"; then   # BetaDistribution.cdf of many before the lanes
        echo 'func cdfAll(_ a: Double, _ b: Double, _ zs: [Double]) -> [Double] {
    let logBetaAB = Special.logBeta(a, b)
    return zs.map { Special.regularizedBeta(a, b, $0, logBetaAB: logBetaAB) }
}' >> "$work/$side/src/Shim.swift"
    fi
    cp "$root/scripts/bench/beta_ppf_tail.swift" "$work/$side/src/main.swift"   # top-level code
    cp "$root/scripts/bench/bench_support.swift" "$work/$side/src/"
    swiftc -O -module-name SynthMath "$work/$side/src"/*.swift -o "$work/$side/bench"
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" time "$draws" 1
    printf 'new %s: ' "$new"; "$work/new/bench" time "$draws" 1
done
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" cdf "$draws" 1
    printf 'new %s: ' "$new"; "$work/new/bench" cdf "$draws" 1
done
echo "grid digests, old:"; "$work/old/bench" digest
echo "grid digests, new:"; "$work/new/bench" digest
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
