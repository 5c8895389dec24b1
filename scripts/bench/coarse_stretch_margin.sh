#!/bin/sh
# How much of its bound fnlwgt's coarse stretch uses at revision REV (scripts/bench/coarse_stretch_margin.swift).
#   usage: scripts/bench/coarse_stretch_margin.sh REV [DRAWS]
#   e.g.   scripts/bench/coarse_stretch_margin.sh HEAD 10000000
. "$(dirname "$0")/revisions.sh"
rev=$1 draws=${2:-10000000}
unpack "$rev" "$work/bench" Sources/SynthMath/Special Sources/SynthMath/Distributions/NormalScoreQuantileTable.swift
cp "$work/bench/tree"/Sources/SynthMath/Special/*.swift \
   "$work/bench/tree"/Sources/SynthMath/Distributions/NormalScoreQuantileTable.swift "$work/bench/src/"
sed -n '/^    cat > "\$work\/\$side\/src\/Shim.swift"/,/^SWIFT$/p' "$root/scripts/bench/quantile_table_tail.sh" | sed '1d;$d' \
    > "$work/bench/src/Shim.swift"
cp "$root/scripts/bench/coarse_stretch_margin.swift" "$work/bench/src/main.swift"   # top-level code
swiftc -O -module-name SynthMath "$work/bench/src"/*.swift -o "$work/bench/bench"
"$work/bench/bench" "$draws"
