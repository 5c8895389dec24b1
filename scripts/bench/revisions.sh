# Sourced by the old/new benches (csv_writer_adult.sh, beta_ppf_tail.sh): the repository root, a scratch
# directory removed on exit, and `unpack REV DIR PATH...`, which puts PATH... as they are in revision REV under
# DIR/tree (and makes DIR/src for the files to compile).
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
