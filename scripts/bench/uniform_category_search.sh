#!/bin/sh
# Alternates UniformEncoder.categories of two revisions (scripts/bench/uniform_category_search.swift): each
# revision's function is cut out of Sources/Synthesizers/Encoders/UniformEncoder.swift into a stand-in type with
# the `coding.count` and `bounds` it reads, compiled with -O, and the two programs run in turn PAIRS times; the
# digests of the categories must agree.
#   usage: scripts/bench/uniform_category_search.sh OLD_REV NEW_REV [VALUES] [PAIRS]
#   e.g.   scripts/bench/uniform_category_search.sh integ HEAD 2000000 4
. "$(dirname "$0")/revisions.sh"
old=$1 new=$2 n=${3:-2000000} pairs=${4:-4}
for side in old new; do
    eval rev=\$$side
    unpack "$rev" "$work/$side" Sources/Synthesizers/Encoders/UniformEncoder.swift
    python3 - "$work/$side/tree/Sources/Synthesizers/Encoders/UniformEncoder.swift" "$work/$side/src/Shim.swift" <<'PY'
import sys
s = open(sys.argv[1]).read()
start = s.index("    /// The category whose interval holds each")
end = s.index("    /// The column back from its uniform representation")
open(sys.argv[2], "w").write("struct Coding { let count: Int }\nstruct Encoder {\n    let coding: Coding\n"
    "    let bounds: [Double]\n" + s[start:end] + "}\n")
PY
    cp "$root/scripts/bench/uniform_category_search.swift" "$work/$side/src/main.swift"   # top-level code
    cp "$root/scripts/bench/bench_support.swift" "$work/$side/src/"
    swiftc -O "$work/$side/src"/*.swift -o "$work/$side/bench"
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" "$n" 1
    printf 'new %s: ' "$new"; "$work/new/bench" "$n" 1
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
