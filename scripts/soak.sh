#!/usr/bin/env bash
# Memory soak (issue #18): does a replica's memory level off under ordinary load?
#  1. a fresh PostgreSQL database (created here, dropped at the end) with MEETINGS generated
#     meetings (the seed example of scripts/load.sh) and an editor account;
#  2. two replicas on it, each driven by wrk with scripts/soak.lua (10% staff edits through the
#     API, 40% searches, 45% meeting reads, 5% the gzip feed; each edit reaches the other
#     replica through the change log), first for WARMUP seconds, then for SOAK seconds while
#     the resident memory (VmRSS) of each is sampled every 5 seconds;
#  3. a fresh third replica on the same data, driven alone with the same mix for WARMUP seconds:
#     the reference. It passes (exit 0) when both soaked replicas end within 10% of it.
# Figures go to BENCHMARKS.md by hand, with this command.
#   scripts/soak.sh [MEETINGS] [SOAK_SECONDS] [WARMUP_SECONDS]
# RD_SOAK_BINARY=/path/to/recovery-directory soaks another build (the seed is still built here).
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
soak="${2:-150}"
warmup="${3:-30}"
pg_host="${SOAK_PG_HOST:-127.0.0.1}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v createdb >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client; }
cargo build --release -p recovery-server --bin recovery-directory --example seed
target="${CARGO_TARGET_DIR:-target}/release"
bin="${RD_SOAK_BINARY:-$target/recovery-directory}"
db="soak_$$"
url="postgres://postgres@$pg_host:5432/$db"
dir=$(mktemp -d)
servers=()
loads=()
cleanup() {
  for pid in "${loads[@]}" "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${loads[@]}" "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  dropdb --if-exists -h "$pg_host" -U postgres "$db" || true
  rm -rf "$dir"
}
trap cleanup EXIT

createdb -h "$pg_host" -U postgres "$db"
"$target/examples/seed" "$url" "$count"
printf 'soak-password-1234\n' |
  "$bin" user add --email soak@example.org --role editor --password-stdin --database "$url" >/dev/null
psql "$url" -Atc "SELECT id FROM meetings WHERE status = 'published' ORDER BY id LIMIT 2000" >"$dir/ids"
export RD_JWT_SECRET="soak-secret-soak-secret-soak-secret-0123"

start() { # PORT: starts a replica and leaves its pid in $started
  RD_LOG=warn "$bin" serve --database "$url" --bind "127.0.0.1:$1" \
    --rate-limit-anonymous-per-minute 0 --rate-limit-authenticated-per-minute 0 >"$dir/server-$1.log" 2>&1 &
  started=$!
  servers+=("$started")
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1/readyz" >/dev/null && return; sleep 0.5; done
  echo "the replica on port $1 did not become ready" >&2
  exit 1
}
rss() { # PID: resident MiB
  awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"
}
drive() { # PORT SECONDS: the mix against one replica, in the background ($loads)
  SOAK_TOKEN="$token" SOAK_IDS="$dir/ids" wrk -t1 -c4 -d"$2s" -s scripts/soak.lua "http://127.0.0.1:$1" \
    >"$dir/wrk-$1-$2.txt" 2>&1 &
  loads+=($!)
}
summary() { # PORT SECONDS: requests and failures of a finished drive
  awk '/requests in/ { r = $1 } /Non-2xx/ { e = $NF } END { printf "%s requests, %s non-2xx/3xx", r, (e == "" ? 0 : e) }' \
    "$dir/wrk-$1-$2.txt"
}

start 18090
a=$started
start 18091
b=$started
token=$(curl -sf http://127.0.0.1:18090/v1/auth/token -H 'content-type: application/json' \
  -d '{"email":"soak@example.org","password":"soak-password-1234"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
echo "replicas started: A $(rss "$a") MiB, B $(rss "$b") MiB ($count meetings)"

drive 18090 "$warmup"
drive 18091 "$warmup"
wait "${loads[@]}"
loads=()
echo "after a ${warmup}s warm-up: A $(rss "$a") MiB, B $(rss "$b") MiB"

echo "soak, ${soak}s (seconds: A MiB, B MiB)"
drive 18090 "$soak"
drive 18091 "$soak"
samples=()
for t in $(seq 5 5 "$soak"); do
  sleep 5
  samples+=("$t: $(rss "$a"), $(rss "$b")")
  echo "  ${samples[-1]}"
done
wait "${loads[@]}"
loads=()
a_end=$(rss "$a")
b_end=$(rss "$b")
echo "A: $(summary 18090 "$soak"); B: $(summary 18091 "$soak")"

start 18092
c=$started
echo "fresh replica C started: $(rss "$c") MiB"
drive 18092 "$warmup"
wait "${loads[@]}"
loads=()
c_end=$(rss "$c")
echo "fresh replica C after the same ${warmup}s warm-up: $c_end MiB ($(summary 18092 "$warmup"))"
generation() { curl -s "http://127.0.0.1:$1/metrics" | awk '/^recovery_directory_index_generation / { print $2 }'; }
echo "index generations: A $(generation 18090), B $(generation 18091), C $(generation 18092)"
failures() { # PORT: answers other than 2xx/3xx, by method, route and status
  curl -s "http://127.0.0.1:$1/metrics" | python3 -c '
import re, sys
for line in sys.stdin:
    m = re.match(r"recovery_directory_http_requests_total\{(.*)\} (\S+)", line)
    if m and not re.search(r"status=\"[23]", m.group(1)):
        print(" " + ",".join(re.findall(r"=\"([^\"]*)\"", m.group(1))) + "=" + m.group(2), end="")'
}
echo "failed answers: A:$(failures 18090)"
echo "                B:$(failures 18091)"

verdict=0
for pair in "A $a_end" "B $b_end"; do
  set -- $pair
  ratio=$(python3 -c "print(f'{$2 / $c_end:.2f}')")
  if python3 -c "import sys; sys.exit(0 if $2 <= 1.10 * $c_end else 1)"; then
    echo "$1 ends at $2 MiB, $ratio × the fresh replica's: within 10%"
  else
    echo "$1 ends at $2 MiB, $ratio × the fresh replica's: MORE than 10% above" >&2
    verdict=1
  fi
done
exit "$verdict"
