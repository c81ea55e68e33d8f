#!/usr/bin/env bash
# Instructions and heap allocations per Get Business Data call, `Client::send` against the
# fair hand-written baseline (benches/per_call.rs), over loopback to the local stand-in.
#
# Instructions are counted by callgrind inside `per_call::measured` on the calling thread (the
# connection task and the stand-in run on worker threads and are not counted), so the figure is
# the same on a quiet and on a busy machine. Needs valgrind (Debian: apt-get install valgrind).
#
# Usage: scripts/instructions-per-call.sh [CALLS]   (default 200 measured calls per side)
# The last line is: instructions per call: client_send N, hand_written M, ratio R
set -euo pipefail
cd "$(dirname "$0")/.."

calls="${1:-200}"
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 2; }

# The bench profile (optimised, as `cargo bench` runs it).
binary=$(cargo bench --bench per_call --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*per_call[^"]*\)".*/\1/p' | tail -n 1)
[ -x "$binary" ] || { echo "could not build benches/per_call.rs" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Instructions inside `measured` for one mode, divided by the calls it made.
count() {
    local mode=$1
    valgrind --tool=callgrind --callgrind-out-file="$out/$mode.out" \
        --collect-atstart=no --toggle-collect='per_call::measured' \
        "$binary" --mode "$mode" --calls "$calls" >"$out/$mode.txt" 2>"$out/$mode.log"
    local total
    total=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out/$mode.out" | head -n 1)
    [ -n "$total" ] || total=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$out/$mode.out" | head -n 1)
    [ -n "$total" ] && [ "$total" -gt 0 ] || { echo "callgrind counted nothing for $mode" >&2; cat "$out/$mode.log" >&2; exit 1; }
    echo $(( total / calls ))
}

ours=$(count client)
theirs=$(count hand_written)
# Allocations are counted by the binary itself (every thread), outside valgrind.
"$binary" --mode client --calls "$calls"
"$binary" --mode hand_written --calls "$calls"
ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.3f", a / b }')
echo "instructions per call: client_send $ours, hand_written $theirs, ratio $ratio"
