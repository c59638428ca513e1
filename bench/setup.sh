#!/usr/bin/env bash
# Installs what the benchmarks need beyond the Rust toolchain: openapi-generator's CLI from
# PyPI, pinned by version and wheel hash, in target/bench-venv (read by
# generator/benches/generate.rs). Needs python3 and Java 11+ (`java` on PATH).
#
# The PyPI wheel bundles the openapi-generator jar (openapi_generator_cli/openapi-generator.jar),
# so nothing is downloaded from Maven Central, at install or at run time; this script checks
# that the jar is there and that the CLI runs offline.
set -euo pipefail
cd "$(dirname "$0")/.."

OAG_PYPI_VERSION=7.26.0
OAG_WHEEL_SHA256=e6305fbbf91aa41b3b7fcd8bf2124880ab0bb9e32efad95b3dfe71f9313d856c

target="${CARGO_TARGET_DIR:-target}"
venv="$target/bench-venv"

command -v java >/dev/null || { echo "bench/setup.sh: java is not on PATH (openapi-generator needs Java 11+)" >&2; exit 1; }

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
requirements="$(mktemp)"
trap 'rm -f "$requirements"' EXIT
echo "openapi-generator-cli==$OAG_PYPI_VERSION --hash=sha256:$OAG_WHEEL_SHA256" > "$requirements"
"$venv/bin/pip" install -q --disable-pip-version-check --require-hashes --no-deps -r "$requirements"

jar="$("$venv/bin/python" -c 'import importlib.resources as r; print(r.files("openapi_generator_cli") / "openapi-generator.jar")')"
[ -s "$jar" ] || { echo "bench/setup.sh: the wheel did not bring its jar ($jar)" >&2; exit 1; }

echo "openapi-generator-cli (PyPI $OAG_PYPI_VERSION): jar $jar ($(du -h "$jar" | cut -f1))"
echo "openapi-generator version: $("$venv/bin/openapi-generator-cli" version)"
java -version 2>&1 | head -1
