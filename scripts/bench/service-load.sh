#!/usr/bin/env bash
# Bounded loopback load test of `synthbench serve` (docs/service.md#load): N concurrent pollers for D seconds
# against GET /v1/runs/{id}, with wrk (Debian's package, installed when missing). Loopback only (127.0.0.1),
# stops by itself. Prints the CPU, wrk's latency distribution (p50, p75, p90, p99) and exits non-zero on any
# socket error or non-2xx response.
#   usage: scripts/bench/service-load.sh [BINARY] [CONNECTIONS] [SECONDS]
set -euo pipefail
bin=${1:-.build/release/synthbench}
connections=${2:-200}
seconds=${3:-30}
port=${SYNTHBENCH_LOAD_PORT:-18089}
[ -x "$bin" ] || { echo "no $bin: build it first (swift build -c release --product synthbench)" >&2; exit 1; }
if ! command -v wrk >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
head -c 48 /dev/urandom | base64 > "$work/secret"
"$bin" serve --port "$port" --jwt-secret-file "$work/secret" --results "$work" 2> "$work/serve.log" &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
token=$("$bin" token --jwt-secret-file "$work/secret" --scope "read submit")
id=$(curl -fsS -X POST "http://127.0.0.1:$port/v1/runs" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"spec": {"name": "load", "datasets": ["penguins"], "methods": ["gc"], "backends": ["sdv"]}}' \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["runs"][0]["id"])')
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores; BLAS: not used by the service"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share these cores)"
echo "server: $bin serve, in-memory queue, JSON request log to a file; load: wrk -t2 -c$connections -d${seconds}s GET /v1/runs/$id"
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/v1/runs/$id" | tee "$work/wrk.txt"
if grep -q -e 'Socket errors' -e 'Non-2xx or 3xx' "$work/wrk.txt"; then
  echo "service-load: errors under load (see above)" >&2; exit 1
fi
lines=$(grep -c '"msg":"request"' "$work/serve.log" || true)
echo "service-load: no errors; $lines request log lines"
