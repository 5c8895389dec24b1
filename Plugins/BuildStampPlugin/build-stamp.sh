#!/bin/sh
# Writes the build stamp, a Swift file naming the commit the sources are at and whether tracked files differ
# from it, for the BuildStampPlugin (docs/runner.md, "Which build made a run").
#   build-stamp.sh PACKAGE_DIRECTORY OUTPUT_FILE
# The file is replaced only when its content changes, so an unchanged stamp recompiles nothing. Without git, or
# when PACKAGE_DIRECTORY is not tracked by a git repository (a source tarball, even one unpacked inside some other
# checkout), the stamp says unknown (nil) and the script still succeeds.
set -u
package=$1
output=$2

commit=
dirty=
# Package.swift tracked by the repository around the package: otherwise that repository is not this code's.
if git -C "$package" ls-files --error-unmatch Package.swift >/dev/null 2>&1; then
    head=$(git -C "$package" rev-parse --verify HEAD 2>/dev/null)
    # --no-optional-locks: a status that refreshes the index would take git's lock and could fail a git command
    # the developer runs during the build. Untracked files are not the build's sources' changes.
    changes=$(git -C "$package" --no-optional-locks status --porcelain --untracked-files=no -- . 2>/dev/null)
    status=$?
    case $head in
        *[!0-9a-f]*|'') ;;
        *) if [ $status -eq 0 ]; then
               commit=$head
               if [ -n "$changes" ]; then dirty=true; else dirty=false; fi
           fi ;;
    esac
fi

mkdir -p "$(dirname "$output")" || exit 1
temporary=$output.tmp.$$
{
    echo "// Generated at build time by Plugins/BuildStampPlugin/build-stamp.sh; do not edit."
    echo "enum GeneratedBuildStamp {"
    if [ -n "$commit" ]; then
        echo "    static let commit: String? = \"$commit\""
        echo "    static let dirty: Bool? = $dirty"
    else
        echo "    static let commit: String? = nil"
        echo "    static let dirty: Bool? = nil"
    fi
    echo "}"
} > "$temporary" || { rm -f "$temporary"; exit 1; }
if cmp -s "$temporary" "$output"; then
    rm -f "$temporary"
else
    mv -f "$temporary" "$output"
fi
