#!/usr/bin/env bash
# HTTP load test of the public search: 200,000 generated meetings on SQLite, a release build,
# and wrk on the same machine. Figures go to BENCHMARKS.md by hand, with this command.
#   scripts/load.sh [COUNT] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-200000}"
duration="${2:-15s}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p recovery-api --bin recovery-directory --example seed
target="${CARGO_TARGET_DIR:-target}/release"
dir=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
"$target/examples/seed" "sqlite://$dir/load.db" "$count"
RD_LOG=warn "$target/recovery-directory" serve --database "sqlite://$dir/load.db" --bind 127.0.0.1:18080 &
server=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.5; done
base="http://127.0.0.1:18080/v1/meetings"
run() {
  echo "== $1"
  curl -s "$2" | python3 -c 'import sys,json; d=json.load(sys.stdin); print("total matches:", d["total"], "items:", len(d["items"]))'
  wrk -t2 -c32 -d"$duration" --latency "$2" | grep -E 'Requests/sec|Latency  |50%|99%'
}
run "radius 10 km around Manhattan, limit 25" "$base?lat=40.7128&lng=-74.006&radius_km=10&limit=25"
run "same + day + types" "$base?lat=40.7128&lng=-74.006&radius_km=10&limit=25&day=2&types=O"
run "same radius + starts_within=120" "$base?lat=40.7128&lng=-74.006&radius_km=10&limit=25&starts_within=120"
run "no filters, limit 25" "$base?limit=25"
