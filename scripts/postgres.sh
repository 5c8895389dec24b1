#!/usr/bin/env bash
# A throwaway PostgreSQL for the queue tests (docs/queue.md): installs Debian's postgresql if missing, starts a
# private cluster under /tmp on a free loopback port with TLS on (a throwaway certificate authority signs a server
# certificate for the name localhost), creates a database, runs the given command with SYNTHBENCH_TEST_POSTGRES_URL
# (and the CA files for the TLS tests) set, then stops the cluster and removes it, however the command ends.
#   SYNTHBENCH_TEST_POSTGRES_URL       postgres://postgres@127.0.0.1:PORT/synthbench_test
#   SYNTHBENCH_TEST_POSTGRES_CA        the CA that signed the server's certificate (PEM)
#   SYNTHBENCH_TEST_POSTGRES_OTHER_CA  a CA that did not (for the verification-failure test)
#   scripts/postgres.sh run make test
#   scripts/postgres.sh run swift test --skip-build --filter Queue
set -euo pipefail
[ "${1:-}" = "run" ] && [ $# -ge 2 ] || { echo "usage: scripts/postgres.sh run COMMAND [ARGS...]" >&2; exit 2; }
shift

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "postgres: installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

# initdb refuses root: run the server as the postgres user (created by the package) when we are root.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi
dir=$(mktemp -d /tmp/synthbench-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
# A free loopback port: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

# TLS: a CA, a second unrelated CA, and a server certificate (SAN DNS:localhost only) signed by the first.
command -v openssl >/dev/null 2>&1 || { echo "postgres: openssl is missing (scripts/setup.sh installs it)" >&2; exit 1; }
tls="$dir/tls"
mkdir -p "$tls"
for ca in ca other-ca; do
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=synthbench test $ca" \
    -keyout "$tls/$ca.key" -out "$tls/$ca.crt" >/dev/null 2>&1
done
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr" >/dev/null 2>&1
printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$tls/server.ext"
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
  -extfile "$tls/server.ext" -out "$tls/server.crt" >/dev/null 2>&1
chmod 600 "$tls/server.key"
[ "$(id -u)" -eq 0 ] && chown -R postgres "$tls"

"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50 -c ssl=on -c ssl_cert_file=$tls/server.crt -c ssl_key_file=$tls/server.key" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres synthbench_test
export SYNTHBENCH_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/synthbench_test"
export SYNTHBENCH_TEST_POSTGRES_CA="$tls/ca.crt" SYNTHBENCH_TEST_POSTGRES_OTHER_CA="$tls/other-ca.crt"
echo "postgres: $SYNTHBENCH_TEST_POSTGRES_URL, TLS on (CA $SYNTHBENCH_TEST_POSTGRES_CA; cluster in $dir, removed on exit)" >&2
set +e
"$@"
status=$?
exit $status
