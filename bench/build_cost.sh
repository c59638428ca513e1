#!/usr/bin/env bash
# Build cost for consumers of partner-clients: clean `cargo build --release` time and
# dependency count with one API feature (sis) vs all (default), each in its own fresh
# CARGO_TARGET_DIR under /tmp (the workspace's target/ is left alone), and proof that the
# generator's dependencies (progenitor, typify, openapiv3, prettyplease) are not in a
# consumer's tree. Writes target/bench-results/build_cost.json. Takes minutes.
#
#   bench/build_cost.sh            # both variants
#   JOBS=1 bench/build_cost.sh     # pass -j to cargo
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
results_dir="${BENCH_RESULTS_DIR:-$root/${CARGO_TARGET_DIR:-target}/bench-results}"
mkdir -p "$results_dir"
unset CARGO_TARGET_DIR
export CARGO_TERM_COLOR=never
jobs_flag=()
[ -n "${JOBS:-}" ] && jobs_flag=(-j "$JOBS")

# The generator's crates; `progenitor-client`, progenitor's small runtime support crate, is
# meant to be in the consumer's tree and is allowed.
forbidden_pattern='^(progenitor|progenitor-impl|progenitor-macro|typify|typify-impl|typify-macro|openapiv3|prettyplease)$'

# Sources are fetched first so that download time is not counted.
cargo fetch --locked -q

# Packages ("name version") in the normal+build dependency tree, the crate itself excluded.
dependency_names() {
  cargo tree --locked -e normal,build -p partner-clients "$@" --prefix none \
    | grep -v '^partner-clients ' \
    | awk '{print $1, $2}' | sort -u
}

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

declare -A slowest seconds crate_seconds units deps forbidden load_before
variants=(sis all)
for variant in "${variants[@]}"; do
  case "$variant" in
    sis) features=(--no-default-features --features sis) ;;
    all) features=() ;;
  esac
  names="$(dependency_names "${features[@]}")"
  deps[$variant]="$(printf '%s\n' "$names" | grep -c .)"
  forbidden[$variant]="$(printf '%s\n' "$names" | awk '{print $1}' | grep -E "$forbidden_pattern" | paste -sd, - || true)"

  dir="$(mktemp -d /tmp/partner-clients-build-cost.XXXXXX)"
  log="$dir.log"
  load_before[$variant]="$(cut -d' ' -f1 /proc/loadavg)"
  echo "== clean cargo build --release -p partner-clients ${features[*]:-(default features)} (CARGO_TARGET_DIR=$dir)"
  start=$(date +%s.%N)
  CARGO_TARGET_DIR="$dir" cargo build --release --locked --timings -p partner-clients "${features[@]}" "${jobs_flag[@]}" 2> "$log"
  end=$(date +%s.%N)
  # The slowest units, from cargo's --timings report.
  slowest[$variant]="$(sed -n '/^const UNIT_DATA = \[/,/^\];/p' "$dir/cargo-timings/cargo-timing.html" \
    | sed -e '1s/^const UNIT_DATA = //' -e '$s/;$//' \
    | jq -c '[sort_by(-.duration)[:6][] | {crate: .name, target: (.target | ltrimstr(" ")), seconds: .duration}]' 2>/dev/null || echo '[]')"
  seconds[$variant]="$(elapsed "$start" "$end")"
  units[$variant]="$(grep -c '^ *Compiling ' "$log" || true)"
  built_forbidden="$(grep -E '^ *Compiling ' "$log" | awk '{print $2}' | grep -E "$forbidden_pattern" | paste -sd, - || true)"
  [ -z "$built_forbidden" ] || forbidden[$variant]="${forbidden[$variant]:+${forbidden[$variant]},}$built_forbidden"
  tail -1 "$log"
  # The crate alone (its build script and lib), dependencies already built: drop its
  # artefacts from the temporary target dir and build again.
  rm -rf "$dir"/release/.fingerprint/partner-clients-* "$dir"/release/build/partner-clients-* \
    "$dir"/release/deps/libpartner_clients-* "$dir"/release/deps/partner_clients-*
  start=$(date +%s.%N)
  CARGO_TARGET_DIR="$dir" cargo build --release --locked -p partner-clients "${features[@]}" "${jobs_flag[@]}" 2> "$log"
  end=$(date +%s.%N)
  crate_seconds[$variant]="$(elapsed "$start" "$end")"
  grep -q 'Compiling partner-clients' "$log" || { echo "bench/build_cost.sh: the crate was not rebuilt" >&2; exit 1; }
  rm -rf "$dir" "$log"
  printf '   %s s (the crate alone: %s s), %s crates compiled, %s packages in the tree, generator crates: %s\n' \
    "${seconds[$variant]}" "${crate_seconds[$variant]}" "${units[$variant]}" "${deps[$variant]}" "${forbidden[$variant]:-none}"
done

ok=true
for variant in "${variants[@]}"; do
  [ -z "${forbidden[$variant]}" ] || ok=false
done

jq -n \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg rustc "$(rustc --version)" \
  --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
  --argjson cores "$(nproc)" \
  --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --arg jobs "${JOBS:-default}" \
  --argjson sis_s "${seconds[sis]}" --argjson all_s "${seconds[all]}" \
  --argjson sis_crate_s "${crate_seconds[sis]}" --argjson all_crate_s "${crate_seconds[all]}" \
  --arg sis_load "${load_before[sis]}" --arg all_load "${load_before[all]}" \
  --argjson sis_slowest "${slowest[sis]}" --argjson all_slowest "${slowest[all]}" \
  --argjson sis_units "${units[sis]}" --argjson all_units "${units[all]}" \
  --argjson sis_deps "${deps[sis]}" --argjson all_deps "${deps[all]}" \
  --arg sis_forbidden "${forbidden[sis]}" --arg all_forbidden "${forbidden[all]}" \
  --argjson ok "$ok" \
  '{
    benchmark: "build_cost",
    date: $date, rustc: $rustc, machine: {cores: $cores, cpu: $cpu, loadavg_at_end: $load},
    cargo_jobs: $jobs,
    command: "CARGO_TARGET_DIR=<fresh tmp> cargo build --release --locked --timings -p partner-clients [features]",
    dependency_count_command: "cargo tree -e normal,build -p partner-clients [features] --prefix none | sort -u (crate itself excluded)",
    variants: {
      sis: {features: "--no-default-features --features sis",
            clean_release_build_s: ($sis_s * 10 | round / 10),
            crate_alone_release_build_s: ($sis_crate_s * 10 | round / 10),
            loadavg_1min_before: $sis_load, slowest_units: $sis_slowest,
            crates_compiled_incl_itself: $sis_units, dependency_packages: $sis_deps,
            generator_crates_present: ($sis_forbidden | if . == "" then [] else split(",") end)},
      all: {features: "default (autopiesa, econt, firmino, quoparts, sis)",
            clean_release_build_s: ($all_s * 10 | round / 10),
            crate_alone_release_build_s: ($all_crate_s * 10 | round / 10),
            loadavg_1min_before: $all_load, slowest_units: $all_slowest,
            crates_compiled_incl_itself: $all_units, dependency_packages: $all_deps,
            generator_crates_present: ($all_forbidden | if . == "" then [] else split(",") end)}
    },
    ratio_all_to_sis_build_time: (($all_s / $sis_s) * 100 | round / 100),
    ratio_all_to_sis_crate_alone: (($all_crate_s / $sis_crate_s) * 100 | round / 100),
    generator_crates_absent: $ok,
    generator_crates_checked: ["progenitor", "progenitor-impl", "progenitor-macro", "typify", "typify-impl", "typify-macro", "openapiv3", "prettyplease"]
  }' > "$results_dir/build_cost.json"
echo "results: $results_dir/build_cost.json"
$ok || { echo "FAILED: generator crates in the consumer's tree" >&2; exit 1; }
