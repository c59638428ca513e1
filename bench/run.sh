#!/usr/bin/env bash
# Runs the benchmarks; figures land in target/bench-results/*.json (BENCHMARKS.md explains
# them).
#
#   bench/run.sh                # openapi-generator setup, generator bench, client bench
#   bench/run.sh --build-cost   # also the clean consumer builds (several minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

bench/setup.sh || echo "bench/run.sh: openapi-generator unavailable; generate.json will say \"openapi_generator\": null" >&2
cargo bench -p generator --bench generate
cargo bench -p partner-clients --bench client
if [ "${1:-}" = "--build-cost" ]; then
  bench/build_cost.sh
fi
ls -l "${BENCH_RESULTS_DIR:-${CARGO_TARGET_DIR:-target}/bench-results}"
