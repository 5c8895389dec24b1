# Sourced by the old/new benches (csv_writer_adult.sh, beta_ppf_tail.sh, ...): the repository root, a scratch
# directory removed on exit, `unpack REV DIR PATH...`, which puts PATH... as they are in revision REV under
# DIR/tree (and makes DIR/src for the files to compile), and `table_bench REV DIR MAIN`, which builds DIR/bench
# from MAIN (a scripts/bench file) with REV's special functions and quantile table, beta_table_shim.swift,
# bench_support.swift and any file already in DIR/src.
set -eu
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unpack() {
    unpack_rev=$1 unpack_dir=$2
    shift 2
    mkdir -p "$unpack_dir/tree" "$unpack_dir/src"
    git -C "$root" archive "$unpack_rev" "$@" | tar -x -C "$unpack_dir/tree"
}
table_bench() {
    table_bench_rev=$1 table_bench_dir=$2 table_bench_main=$3
    unpack "$table_bench_rev" "$table_bench_dir" Sources/SynthMath/Special \
        Sources/SynthMath/Distributions/NormalScoreQuantileTable.swift
    cp "$table_bench_dir/tree"/Sources/SynthMath/Special/*.swift \
       "$table_bench_dir/tree"/Sources/SynthMath/Distributions/NormalScoreQuantileTable.swift "$table_bench_dir/src/"
    cp "$root/scripts/bench/beta_table_shim.swift" "$table_bench_dir/src/"
    cp "$root/scripts/bench/$table_bench_main" "$table_bench_dir/src/main.swift"   # top-level code
    cp "$root/scripts/bench/bench_support.swift" "$table_bench_dir/src/"
    swiftc -O -module-name SynthMath "$table_bench_dir/src"/*.swift -o "$table_bench_dir/bench"
}
