#!/usr/bin/env bash
# Issue 27's timing goals, run N times: the 64-task batch time and the paired latency of
# `Client::send` against the fair hand-written baseline (benches/e2e.rs), one line per run and
# a summary for BENCHMARKS.md at the end.
#
# Each run executes the e2e bench binary once with the filter
# 'throughput_64/(client_send|hand_written)$' (criterion's 64-task batches of 2,000 calls, the
# two sides in separate groups, one after the other), after which the binary prints its paired
# measurements, which alternate the two sides round by round so that a change of load hits both:
#   paired batch    41 rounds of one 64-task batch per side, median of the per-round ratios;
#   paired latency  201 rounds of 40 one-at-a-time calls per side, median of the ratios;
#   control (A/A)   in the same rounds, `hand_written` against an identical twin built the same
#                   way: the ratio two equal sides get from the procedure (1.00 if it is fair);
#   cpu per call    process CPU (every thread) per call over 9 rounds of 5 batches per side.
# The paired batch ratio is the figure for the batch goal: criterion's ratio of two medians
# measured seconds apart also moves with the neighbours' load, and is printed beside it.
# The load average is sampled every 5 s while the runs go on and printed with each run.
#
# Usage: scripts/batch-ratio.sh [RUNS]   (default 3)
#        E2E_SEPARATE_POOLS=1 scripts/batch-ratio.sh [RUNS]   (each side its own connection pool,
#        the set-up before note 15, to see its per-run bias in the A/A control)
# Each run's line:
#   run K: paired batch ratio R (quartiles Q1-Q3; client_send A, hand_written B); criterion
#   batch medians client_send A ms, hand_written B ms, ratio C; paired latency ratio P
#   (quartiles Q1-Q3); paired latency control (A/A) ratio X (quartiles Q1-Q3); cpu per call
#   difference D; load L1 -> L2 (max M)
# The last lines (after `== summary`) are what BENCHMARKS.md's closing note needs: date,
# commit, machine, load, each figure per run and whether each goal held in every run.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-3}"
binary=$(cargo bench --bench e2e --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*\/e2e-[^"]*\)".*/\1/p' | tail -n 1)
[ -x "$binary" ] || { echo "could not build benches/e2e.rs" >&2; exit 1; }

out=$(mktemp -d)
sampler=
cleanup() {
    [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
    rm -rf "$out"
}
trap cleanup EXIT

load() { cut -d ' ' -f 1 /proc/loadavg; }

# The 1-minute load average every 5 s, one per line, into $out/load (for the maximum).
: >"$out/load"
(while :; do load >>"$out/load"; sleep 5; done) &
sampler=$!

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

# The largest load sampled from line $1 of $out/load on.
max_load_since() {
    tail -n +"$1" "$out/load" | sort -g | tail -n 1
}

le() { awk -v r="$1" -v limit="$2" 'BEGIN { exit !(r <= limit) }'; }

# The commit the binary was built from (read now: the tree may change while the runs go on).
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"

paired_batches=() criterion_batches=() paired_latencies=() controls=() cpu_diffs=() loads=()
paired_met=0 criterion_met=0 latency_met=0 control_fair=0
for run in $(seq 1 "$runs"); do
    before=$(load)
    first_sample=$(( $(wc -l <"$out/load") + 1 ))
    "$binary" --bench --noplot 'throughput_64/(client_send|hand_written)$' >"$out/$run.txt" 2>&1 \
        || { cat "$out/$run.txt" >&2; echo "run $run failed" >&2; exit 1; }
    after=$(load)
    highest=$(max_load_since "$first_sample")
    highest=${highest:-$after}
    ours=$(median_ms "$out/$run.txt" e2e/throughput_64/client_send)
    theirs=$(median_ms "$out/$run.txt" e2e/throughput_64/hand_written)
    [ -n "$ours" ] && [ -n "$theirs" ] || { cat "$out/$run.txt" >&2; echo "run $run: no batch medians" >&2; exit 1; }
    criterion=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.3f", a / b }')
    # paired batch (...): client_send A (N req/s), hand_written B (M req/s), ratio R (quartiles Q1-Q3)
    batch_line=$(grep '^paired batch' "$out/$run.txt" || true)
    [ -n "$batch_line" ] || { cat "$out/$run.txt" >&2; echo "run $run: no paired batch line" >&2; exit 1; }
    batch_ratio=$(sed -n 's/.* ratio \([0-9.]*\) (quartiles \([0-9.-]*\)).*/\1/p' <<<"$batch_line")
    batch_quartiles=$(sed -n 's/.* ratio [0-9.]* (quartiles \([0-9.-]*\)).*/\1/p' <<<"$batch_line")
    batch_times=$(sed -n 's/.*medians): client_send \([^ ]*\) .*, hand_written \([^ ]*\) .*/client_send \1, hand_written \2/p' <<<"$batch_line")
    latency=$(sed -n 's/^paired latency (.*ratio \([0-9.]*\) (quartiles \([0-9.-]*\)).*/\1 (quartiles \2)/p' "$out/$run.txt")
    [ -n "$latency" ] || { cat "$out/$run.txt" >&2; echo "run $run: no paired latency line" >&2; exit 1; }
    control=$(sed -n 's/^paired latency control (A\/A): ratio \([0-9.]*\) (quartiles \([0-9.-]*\)).*/\1 (quartiles \2)/p' "$out/$run.txt")
    [ -n "$control" ] || { cat "$out/$run.txt" >&2; echo "run $run: no paired latency control line" >&2; exit 1; }
    cpu=$(sed -n 's/^cpu per call.*difference \([^ ]*\) .*/\1/p' "$out/$run.txt")
    echo "run $run: paired batch ratio $batch_ratio (quartiles $batch_quartiles; $batch_times);" \
        "criterion batch medians client_send $ours ms, hand_written $theirs ms, ratio $criterion;" \
        "paired latency ratio $latency; paired latency control (A/A) ratio $control; cpu per call difference ${cpu:-?}; load $before -> $after (max $highest)"
    paired_batches+=("$batch_ratio") criterion_batches+=("$criterion")
    paired_latencies+=("${latency%% *}") controls+=("${control%% *}") cpu_diffs+=("${cpu:-?}") loads+=("$before->$after (max $highest)")
    le "$batch_ratio" 1.05 && paired_met=$((paired_met + 1))
    le "$criterion" 1.05 && criterion_met=$((criterion_met + 1))
    le "${latency%% *}" 1.05 && latency_met=$((latency_met + 1))
    awk -v r="${control%% *}" 'BEGIN { exit !(r >= 0.97 && r <= 1.03) }' && control_fair=$((control_fair + 1))
done

verdict() { [ "$1" -eq "$runs" ] && echo "met in all $runs runs" || echo "NOT met: $1 of $runs runs"; }
join() { local IFS=' '; echo "$*"; }
median_of() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Largest minus smallest: how far one run's figure moves from another's.
spread_of() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.3f", hi - lo }'; }
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "== summary (issue 27 timing goals, scripts/batch-ratio.sh $runs) =="
echo "date $(date -u +%Y-%m-%dT%H:%MZ); commit $commit; $(nproc) CPUs (${model:-unknown model});" \
    "$(uname -sr); $(rustc --version 2>/dev/null || echo 'rustc ?'); bench profile;" \
    "connection pools: $([ "${E2E_SEPARATE_POOLS:-}" = 1 ] && echo 'one per side (E2E_SEPARATE_POOLS=1)' || echo 'one shared by the compared sides')"
echo "load average (1 min) per run, start -> end (max sampled): $(join "${loads[@]}")"
echo "paired batch ratio per run (64 tasks, median of 41 alternating rounds): $(join "${paired_batches[@]}"); median $(median_of "${paired_batches[@]}")"
echo "criterion batch ratio per run (medians of the two groups, measured one after the other): $(join "${criterion_batches[@]}"); median $(median_of "${criterion_batches[@]}")"
echo "paired latency ratio per run (median of 201 alternating rounds of 40 calls): $(join "${paired_latencies[@]}"); median $(median_of "${paired_latencies[@]}"); spread $(spread_of "${paired_latencies[@]}")"
echo "paired latency control (A/A) ratio per run (hand_written twin / hand_written, same rounds): $(join "${controls[@]}"); median $(median_of "${controls[@]}"); spread $(spread_of "${controls[@]}")"
echo "cpu per call difference per run (process, paired): $(join "${cpu_diffs[@]}")"
echo "goal batch <= 1.05x (paired batch): $(verdict "$paired_met"); criterion's ratio: $(verdict "$criterion_met")"
echo "goal paired latency <= 1.05x: $(verdict "$latency_met")"
echo "control (A/A) within 1.00 +- 0.03 (the procedure is fair): $(verdict "$control_fair")"
