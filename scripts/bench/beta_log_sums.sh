#!/bin/sh
# Alternates the beta likelihood's product sums (BetaLikelihood.logSums) of two revisions
# (scripts/bench/beta_log_sums.swift): a revision whose sums are Swift has its `logSums` and `renormalise` cut out of
# Sources/SynthMath/Distributions/Fitting/BetaLikelihood.swift and compiled alone with -O; one whose sums are C
# (synth_beta_log_sums) has Sources/CSynthKernels/beta_log_sums.c compiled with clang -O2 and called at its widest
# build. Each program runs PAIRS times on N sorted values (EVALS evaluations), alternating, then both print the
# digest of their sums over 400 seeded data sets, which must agree.
#   usage: scripts/bench/beta_log_sums.sh OLD_REV NEW_REV [N] [EVALS] [PAIRS]
#   e.g.   scripts/bench/beta_log_sums.sh 3b743d6 HEAD 976830 200 4
. "$(dirname "$0")/revisions.sh"
old=$1 new=$2 n=${3:-976830} evals=${4:-200} pairs=${5:-4}
for side in old new; do
    eval rev=\$$side
    unpack "$rev" "$work/$side" Sources/SynthMath/Distributions/Fitting/BetaLikelihood.swift Sources/CSynthKernels
    cp "$root/scripts/bench/beta_log_sums.swift" "$work/$side/src/main.swift"   # top-level code
    if [ -f "$work/$side/tree/Sources/CSynthKernels/beta_log_sums.c" ]; then
        clang -O2 -c -I"$work/$side/tree/Sources/CSynthKernels/include" -I"$work/$side/tree/Sources/CSynthKernels" \
            "$work/$side/tree/Sources/CSynthKernels/beta_log_sums.c" -o "$work/$side/kernel.o"
        echo '@_silgen_name("synth_beta_log_sums_supports") func supports(_ build: Int32) -> Int32
@_silgen_name("synth_beta_log_sums")
func kernel(_ build: Int32, _ x: UnsafePointer<Double>, _ n: Int64, _ loc: Double, _ scale: Double,
            _ logZ: UnsafeMutablePointer<Double>, _ logW: UnsafeMutablePointer<Double>) -> Int32
let build: Int32 = [2, 1, 0].first { supports($0) != 0 }!
func sums(_ v: UnsafeBufferPointer<Double>, loc: Double, scale: Double) -> (Double, Double) {
    var z = 0.0, w = 0.0
    precondition(kernel(build, v.baseAddress!, Int64(v.count), loc, scale, &z, &w) == 0)
    return (z, w)
}' > "$work/$side/src/Shim.swift"
        swiftc -O "$work/$side/src"/*.swift "$work/$side/kernel.o" -o "$work/$side/bench"
    else
        python3 - "$work/$side/tree/Sources/SynthMath/Distributions/Fitting/BetaLikelihood.swift" "$work/$side/src/Shim.swift" <<'PY'
import sys
s = open(sys.argv[1]).read()
body = s[s.index("    private static func logSums("):s.rindex("}")]
open(sys.argv[2], "w").write("import Foundation\nenum Old {\n" + body.replace("private static", "static") + "}\n"
    "func sums(_ v: UnsafeBufferPointer<Double>, loc: Double, scale: Double) -> (Double, Double) {\n"
    "    let r = Old.logSums(v, loc: loc, scale: scale)\n    return (r.0, r.1)\n}\n")
PY
        swiftc -O "$work/$side/src"/*.swift -o "$work/$side/bench"
    fi
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" time "$n" "$evals"
    printf 'new %s: ' "$new"; "$work/new/bench" time "$n" "$evals"
done
printf 'digest old: '; "$work/old/bench" digest
printf 'digest new: '; "$work/new/bench" digest
