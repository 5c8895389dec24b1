#!/bin/sh
# Alternates the copula's quantile table of two revisions on fnlwgt's column (scripts/bench/quantile_table_tail.swift):
# each revision's Sources/SynthMath/Special/*.swift and NormalScoreQuantileTable.swift are compiled alone with -O
# together with the bench, beta_table_shim.swift and the revision's `values` call (given FloatFormatter's
# whole-number rounding where the revision takes it);
# the two programs run in turn PAIRS times, each printing CPU seconds and the digest of the rounded values,
# which must agree; last, how many of NEW_REV's draws above the verified run came from the table, and whether
# any rounds unlike the exact value.
#   usage: scripts/bench/quantile_table_tail.sh OLD_REV NEW_REV [ROWS] [PAIRS]
#   e.g.   scripts/bench/quantile_table_tail.sh integ HEAD 1000000 4
. "$(dirname "$0")/revisions.sh"
old=$1 new=$2 rows=${3:-1000000} pairs=${4:-4}
for side in old new; do
    eval rev=\$$side
    mkdir -p "$work/$side/src"
    if git -C "$root" show "$rev:Sources/SynthMath/Distributions/NormalScoreQuantileTable.swift" | grep -q 'settles:'; then
        echo 'func tableValues(_ t: NormalScoreQuantileTable, _ zs: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: zs.count)
    zs.withUnsafeBufferPointer { z in
        out.withUnsafeMutableBufferPointer {
            t.values(z.baseAddress!, stride: 1, count: zs.count, into: $0,
                     settles: { $0.rounded(.toNearestOrEven) == $1.rounded(.toNearestOrEven) })
        }
    }
    return out
}' > "$work/$side/src/Call.swift"
    else
        echo 'func tableValues(_ t: NormalScoreQuantileTable, _ zs: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: zs.count)
    zs.withUnsafeBufferPointer { z in
        out.withUnsafeMutableBufferPointer { t.values(z.baseAddress!, stride: 1, count: zs.count, into: $0) }
    }
    return out
}' > "$work/$side/src/Call.swift"
    fi
    table_bench "$rev" "$work/$side" quantile_table_tail.swift
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" "$rows" 1 | sed -n 2p
    printf 'new %s: ' "$new"; "$work/new/bench" "$rows" 1 | sed -n 2p
done
printf 'new %s: ' "$new"; "$work/new/bench" "$rows" 1 | tail -1
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
