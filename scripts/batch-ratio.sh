#!/usr/bin/env bash
# Issue 27's timing goals, run N times: the 64-task batch time and the paired latency of
# `Client::send` against the fair hand-written baseline (benches/e2e.rs), one line per run.
#
# Each run executes the e2e bench binary once with the filter
# 'throughput_64/(client_send|hand_written)$' (criterion's 64-task batches of 2,000 calls, both
# sides in the same process), after which the binary prints its paired measurements (41
# alternating rounds of one-at-a-time calls; process CPU per call in alternating rounds). The
# goals (batch time <= 1.05x in three consecutive runs, paired latency <= 1.05x) need a quiet
# machine: the load average at the start and end of each run is printed beside the ratios, so
# a run disturbed by neighbours can be told apart.
#
# Usage: scripts/batch-ratio.sh [RUNS]   (default 3)
# Each run's line:
#   run K: batch client_send A ms, hand_written B ms, ratio R; paired latency ratio P
#   (quartiles Q1-Q3); cpu per call difference D; load L1 -> L2
# The last line says whether the goals were met in every run.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-3}"
binary=$(cargo bench --bench e2e --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*\/e2e-[^"]*\)".*/\1/p' | tail -n 1)
[ -x "$binary" ] || { echo "could not build benches/e2e.rs" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

load() { cut -d ' ' -f 1 /proc/loadavg; }

# Criterion's median for benchmark $2 in output file $1, in milliseconds.
median_ms() {
    awk -v id="$2" '
        $1 == id { found = 1 }
        found && /time:/ {
            # time:   [low unit median unit high unit]
            sub(/.*\[/, ""); value = $3; unit = $4
            factor = (unit == "s") ? 1000 : (unit == "ms") ? 1 : (unit == "µs" || unit == "us") ? 0.001 : (unit == "ns") ? 0.000001 : -1
            if (factor < 0) { exit 1 }
            printf "%.3f", value * factor
            exit
        }' "$1"
}

all_met=yes
for run in $(seq 1 "$runs"); do
    before=$(load)
    "$binary" --bench --noplot 'throughput_64/(client_send|hand_written)$' >"$out/$run.txt" 2>&1 \
        || { cat "$out/$run.txt" >&2; echo "run $run failed" >&2; exit 1; }
    after=$(load)
    ours=$(median_ms "$out/$run.txt" e2e/throughput_64/client_send)
    theirs=$(median_ms "$out/$run.txt" e2e/throughput_64/hand_written)
    [ -n "$ours" ] && [ -n "$theirs" ] || { cat "$out/$run.txt" >&2; echo "run $run: no batch medians" >&2; exit 1; }
    ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.3f", a / b }')
    paired=$(sed -n 's/^paired latency.*ratio \([0-9.]*\) (quartiles \([0-9.-]*\)).*/\1 (quartiles \2)/p' "$out/$run.txt")
    cpu=$(sed -n 's/^cpu per call.*difference \([^ ]*\) .*/\1/p' "$out/$run.txt")
    [ -n "$paired" ] || { cat "$out/$run.txt" >&2; echo "run $run: no paired latency line" >&2; exit 1; }
    echo "run $run: batch client_send $ours ms, hand_written $theirs ms, ratio $ratio;" \
        "paired latency ratio $paired; cpu per call difference ${cpu:-?}; load $before -> $after"
    if ! awk -v r="$ratio" -v p="${paired%% *}" 'BEGIN { exit !(r <= 1.05 && p <= 1.05) }'; then
        all_met=no
    fi
done
if [ "$all_met" = yes ]; then
    echo "goals (batch <= 1.05x, paired latency <= 1.05x): met in all $runs runs"
else
    echo "goals (batch <= 1.05x, paired latency <= 1.05x): NOT met in every run (see the load)"
fi
