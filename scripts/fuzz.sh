#!/usr/bin/env bash
# Runs every libFuzzer target of a HYBRIDFOG_FUZZ build for a while (docs/reliability.md).
#   usage: scripts/fuzz.sh BUILD_DIR [SECONDS_PER_TARGET] [RUNS_PER_TARGET]
#   SECONDS_PER_TARGET (Default 60) bounds each target's time; RUNS_PER_TARGET (Default 0: no bound) its
#   executions. FUZZ_JOBS targets run at once (Default 2); FUZZ_TARGETS (Default: all) names the targets to
#   run, in that order (e.g. FUZZ_TARGETS="trace set"). Any crash, sanitizer report, leak, timeout
#   (25 s per input) or allocation over 2 GiB fails the script; the reproducer is kept in
#   BUILD_DIR/fuzz/findings/<target>/ and the log in BUILD_DIR/fuzz/logs/<target>.log.
set -euo pipefail
build=$(readlink -f "$1")
seconds=${2:-60}
runs=${3:-0}
jobs=${FUZZ_JOBS:-2}
source_dir=$(cd "$(dirname "$0")/.." && pwd)
all_targets=(platform profile scenario study set trace benchmark network mobility timeline arrivals)
if [[ -n "${FUZZ_TARGETS:-}" ]]; then
  read -r -a targets <<< "$FUZZ_TARGETS"
  for t in "${targets[@]}"; do
    [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "scripts/fuzz.sh: FUZZ_TARGETS: unknown target \"$t\" (known: ${all_targets[*]})" >&2; exit 2; }
  done
else
  targets=("${all_targets[@]}")
fi

# Seed corpora from the shipped files (CSV files cut to their first 40 lines: libFuzzer inputs are <= 4 kB).
seed() {  # seed TARGET FILES...
  local dir="$build/fuzz/seeds/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do
    case "$f" in
      *.csv) head -n 40 "$f" > "$dir/$(basename "$f")" ;;
      *) cp "$f" "$dir/" ;;
    esac
  done
}
rm -rf "$build/fuzz/seeds"
seed platform "$source_dir"/platforms/*.yaml "$source_dir"/tests/data/partition/*platform.yaml
seed profile "$source_dir"/models/profiles/*.yaml "$source_dir"/tests/data/*.yaml "$source_dir"/tests/data/partition/*profile.yaml
# Scenario and study seeds use small models (the shipped scenarios load 10,000-row traces: ~20 inputs/s).
seed scenario "$source_dir"/tests/fuzz/seeds/scenario/*.yaml
for f in "$source_dir"/tests/data/partition/*scenario.yaml; do
  sed -E 's#: (exits|scission)-#: ../tests/data/partition/\1-#' "$f" > "$build/fuzz/seeds/scenario/$(basename "$f")"
done
# Studies whose axes switch to the shipped models (design-space, policy-comparison) are left out: each of
# their points loads a 10,000-row trace, over the 25 s per input under ASan.
seed study "$source_dir"/tests/fuzz/seeds/study/*.yaml
for f in "$source_dir"/scenarios/studies/smoke.yaml "$source_dir"/scenarios/studies/fleet-scaling.yaml; do
  sed -E 's#^base: .*#base: ../small.yaml#' "$f" > "$build/fuzz/seeds/study/$(basename "$f")"
done
seed set "$source_dir"/tests/fuzz/seeds/set/*
seed trace "$source_dir"/models/traces/*.csv "$source_dir"/tests/data/*.csv "$source_dir"/tests/data/partition/*trace.csv
seed benchmark "$source_dir"/tests/data/partition/scission-benchmark*.csv
seed network "$source_dir"/tests/data/partition/scission-network.csv
seed mobility "$source_dir"/scenarios/mobility/*.csv "$source_dir"/tests/data/mobility/*.csv
seed timeline "$source_dir"/tests/fuzz/seeds/timeline/*.csv
seed arrivals "$source_dir"/tests/data/arrivals-*.csv

mkdir -p "$build/fuzz/logs" "$build/fuzz/corpus"
run_target() {
  local t=$1
  mkdir -p "$build/fuzz/corpus/$t" "$build/fuzz/findings/$t"
  # Each target starts in its own scratch folder (it writes its inputs under $TMPDIR).
  (cd "$build/fuzz/findings/$t" && nice -n "${FUZZ_NICE:-0}" "$build/fuzz/fuzz_$t" \
     -max_total_time="$seconds" -runs="${runs/#0/-1}" -timeout=25 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
     -max_len=4096 -print_final_stats=1 "$build/fuzz/corpus/$t" "$build/fuzz/seeds/$t") > "$build/fuzz/logs/$t.log" 2>&1
}
export -f run_target
export build seconds runs
failed=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target {} || { echo "fuzz {}: FAILED (see $build/fuzz/logs/{}.log)"; exit 1; }' || failed=1
for t in "${targets[@]}"; do
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz/logs/$t.log" | tail -1)
  echo "fuzz $t: ${executions:-?} executions in at most ${seconds} s, corpus $(ls "$build/fuzz/corpus/$t" | wc -l) inputs"
done
exit $failed
