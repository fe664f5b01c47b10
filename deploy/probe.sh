#!/usr/bin/env bash
# Container health probe: exit 0 when GET PATH on the local server answers 200.
# Usage: recovery-directory-probe [/healthz|/readyz]
#
# It speaks HTTP over bash's /dev/tcp so the slim image ships no curl or wget; the port comes from
# RD_BIND (default 8080). The request is made to 127.0.0.1, which a 0.0.0.0 bind also serves.
set -euo pipefail
path="${1:-/healthz}"
bind="${RD_BIND:-0.0.0.0:8080}"
port="${bind##*:}"

exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS=' ' read -r -t 4 _version status _reason <&3
exec 3<&-
[[ "$status" == 200 ]]
