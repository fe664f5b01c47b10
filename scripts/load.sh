#!/usr/bin/env bash
# HTTP load tests with wrk against a release build on this machine:
#  1. the public search over 200,000 generated meetings (SQLite; the search benchmark's data),
#     and pages of /hsds/services over them (first, middle and last page);
#  2. the Meeting Guide feed of 10,000 meetings, prebuilt and gzipped, and its 304.
# Figures go to BENCHMARKS.md by hand, with this command.
#   scripts/load.sh [COUNT] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-200000}"
duration="${2:-15s}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p recovery-server --bin recovery-directory --example seed
target="${CARGO_TARGET_DIR:-target}/release"
dir=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT

start() { # DATABASE PORT
  RD_LOG=warn "$target/recovery-directory" serve --database "sqlite://$dir/$1" --bind "127.0.0.1:$2" &
  server=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$2/readyz" >/dev/null && return; sleep 0.5; done
  echo "server did not become ready" >&2; exit 1
}
run() { # TITLE URL [wrk args…]
  local title=$1 url=$2; shift 2
  echo "== $title"
  wrk -t2 -c32 -d"$duration" --latency "$@" "$url" | grep -E 'Requests/sec|Latency  |50%|99%|Transfer/sec'
}

"$target/examples/seed" "sqlite://$dir/search.db" "$count"
start search.db 18080
base="http://127.0.0.1:18080/v1/meetings"
for q in "lat=40.7128&lng=-74.006&radius_km=10&limit=25" "lat=40.7128&lng=-74.006&radius_km=10&limit=25&day=2&types=O" \
  "lat=40.7128&lng=-74.006&radius_km=10&limit=25&starts_within=120" "limit=25"; do
  curl -s "$base?$q" | python3 -c 'import sys,json; d=json.load(sys.stdin); print("total:", d["total"], "items:", len(d["items"]))'
  run "GET /v1/meetings?$q" "$base?$q"
done
services="http://127.0.0.1:18080/hsds/services?per_page=50"
pages=$(curl -s "$services" | python3 -c 'import sys,json; print(json.load(sys.stdin)["total_pages"])')
for page in 1 $((pages / 2)) "$pages"; do
  run "GET /hsds/services?per_page=50&page=$page (of $pages)" "$services&page=$page"
done
kill "$server"; wait "$server" 2>/dev/null || true; server=""

"$target/examples/seed" "sqlite://$dir/feed.db" 10000
start feed.db 18081
feed="http://127.0.0.1:18081/feeds/meeting-guide.json"
curl -s -o /dev/null -w 'first request (builds the feed): %{time_total}s, %{size_download} bytes\n' "$feed"
curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w 'gzip body: %{size_download} bytes\n' "$feed"
run "GET /feeds/meeting-guide.json (10,000 meetings, gzip)" "$feed" -H 'Accept-Encoding: gzip'
etag=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: gzip' "$feed" | awk 'tolower($1) == "etag:" { print $2 }' | tr -d '\r')
run "GET /feeds/meeting-guide.json with If-None-Match (304)" "$feed" -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag"
