#!/bin/sh
# Alternates the CSV writer of two revisions on adult-like rows (scripts/bench/csv_writer_adult.swift): each
# revision's SynthTable CSV and Table sources (and SynthCore's FileDescriptorWrite) are compiled alone with
# -O into one program, then the two programs run in turn PAIRS times, each writing the same rows, and the two
# files are compared byte for byte.
#   usage: scripts/bench/csv_writer_adult.sh OLD_REV NEW_REV ADULT_DATA [ROWS] [PAIRS]
#   e.g.   scripts/bench/csv_writer_adult.sh integ HEAD datasets/.cache/adult.data 1000000 5
. "$(dirname "$0")/revisions.sh"
old=$1 new=$2 data=$3 rows=${4:-1000000} pairs=${5:-5}
for side in old new; do
    eval rev=\$$side
    unpack "$rev" "$work/$side" Sources/SynthTable Sources/SynthCore/IO
    cp "$work/$side/tree"/Sources/SynthTable/CSV/*.swift "$work/$side/tree"/Sources/SynthTable/Table/*.swift \
       "$work/$side/tree"/Sources/SynthCore/IO/FileDescriptorWrite.swift "$work/$side/src/"
    rm "$work/$side/src/Table+Resizing.swift"   # the only file that needs SynthMath
    sed -i 's/^import SynthCore$//; s/^import SynthMath$//' "$work/$side/src"/*.swift
    cp "$root/scripts/bench/csv_writer_adult.swift" "$work/$side/src/main.swift"   # top-level code
    swiftc -O -package-name synthbench -module-name SynthTable "$work/$side/src"/*.swift -o "$work/$side/bench"
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" "$data" "$rows" 1 "$work/old.csv"
    printf 'new %s: ' "$new"; "$work/new/bench" "$data" "$rows" 1 "$work/new.csv"
done
cmp "$work/old.csv" "$work/new.csv" && echo "same bytes"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
